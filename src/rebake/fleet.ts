// roll rebake --all: many apps at once, at most `concurrency` at a time. AWS's limits are met by the
// SDK clients' adaptive retries (client-side rate limiting on throttling answers); each app keeps its
// own lock, so a fleet run and a single rebake of the same app never overlap.

import type { ResultEvent } from "../engine/events.js";
import { describeError } from "../engine/errors.js";
import { packagesChanged } from "./run-rebake.js";

export interface FleetRow {
  app: string;
  /** Live version before the run. */
  from?: string;
  /** Live version after the run. */
  to?: string;
  /** The version the rebake baked (discarded when up to date). */
  baked?: string;
  packagesChanged: number;
  baseChanged: boolean;
  outcome: ResultEvent["outcome"];
  reason?: string;
  /** The rebake's evidence in words ("new base image and 7 package changes", "up to date: …"). */
  verdict?: string;
  durationMs: number;
}

export function fleetRow(result: ResultEvent): FleetRow {
  return {
    app: result.app,
    from: result.rebake?.previous,
    to: result.live,
    baked: result.rebake?.baked,
    packagesChanged: packagesChanged(result),
    baseChanged: result.rebake?.previous !== undefined && result.rebake.baseImage.from !== result.rebake.baseImage.to,
    outcome: result.outcome,
    reason: result.reason,
    verdict: result.rebake?.verdict,
    durationMs: result.durationMs,
  };
}

/** Runs every app through `rebake`; one app's failure is its row, never the others' end. */
export async function runFleet(
  apps: string[],
  concurrency: number,
  rebake: (app: string) => Promise<ResultEvent>,
  signal?: AbortSignal,
): Promise<FleetRow[]> {
  const rows = new Map<string, FleetRow>();
  const queue = [...apps];
  const worker = async () => {
    for (let app = queue.shift(); app !== undefined; app = queue.shift()) {
      if (signal?.aborted) {
        rows.set(app, { app, packagesChanged: 0, baseChanged: false, outcome: "cancelled", reason: "not started", durationMs: 0 });
        continue;
      }
      const started = Date.now();
      try {
        rows.set(app, fleetRow(await rebake(app)));
      } catch (error) {
        rows.set(app, { app, packagesChanged: 0, baseChanged: false, outcome: "failed", reason: describeError(error), durationMs: Date.now() - started });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, apps.length)) }, worker));
  return apps.map((app) => rows.get(app)!);
}

/** The fleet's one outcome: the worst of its apps. */
export function fleetOutcome(rows: FleetRow[]): ResultEvent["outcome"] {
  const order: ResultEvent["outcome"][] = ["failed", "cancelled", "rolled-back", "deployed", "up-to-date"];
  for (const outcome of order) if (rows.some((row) => row.outcome === outcome)) return outcome;
  return "up-to-date";
}
