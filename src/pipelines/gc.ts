// roll gc: remove what dead bakes left in the cloud. A bake holds its app's lock from before it
// creates anything until after its cleanup, so resources whose app lock is held by a live process
// belong to a bake that still runs and are never touched. gc takes the lock of each app it cleans,
// so no bake of that app can start meanwhile, and looks again under the lock before removing.

import { groupByBake, type BakeResource } from "../bake/leftovers/index.js";
import { leftoverSweeper } from "../cloud/leftovers.js";
import type { CloudClients } from "../cloud/target.js";
import { isRollError } from "../engine/errors.js";
import type { EventSink } from "../engine/events.js";
import { acquireLock, describeHolder, isStale, readLock } from "../releases/lock.js";
import { listState } from "../releases/backend/index.js";
import { appStateDir } from "../releases/store.js";

export interface GcContext {
  clients: CloudClients;
  stateRoot: string;
  emit: EventSink;
  signal: AbortSignal;
}

export interface GcRequest {
  dryRun: boolean;
  /** Regions to search besides the target's own (where ami_regions put copies). */
  regions?: string[];
}

export interface GcBake {
  bakeId: string;
  app?: string;
  /** leftover: its bake is dead (removed unless dry run); in-use: a live run holds the app's lock. */
  status: "leftover" | "in-use";
  reason?: string;
  resources: BakeResource[];
}

export interface GcReport {
  dryRun: boolean;
  regions: string[];
  bakes: GcBake[];
  removed: BakeResource[];
  failed: Array<{ resource: BakeResource; error: string }>;
}

/** Why the app's resources must be left alone (a live run holds its lock), or undefined. */
async function liveHolder(stateRoot: string, app: string): Promise<string | undefined> {
  const holder = await readLock(appStateDir(stateRoot, app));
  return holder && !isStale(holder) ? `app "${app}" is locked by ${describeHolder(holder)}` : undefined;
}

/** Resources from before roll:app was tagged: safe only when no app of this state root is running. */
async function anyLiveHolder(stateRoot: string): Promise<string | undefined> {
  const apps = await listState(stateRoot);
  for (const app of apps) {
    const reason = await liveHolder(stateRoot, app);
    if (reason) return `untagged with roll:app, and ${reason}`;
  }
  return undefined;
}

export async function collectGarbage(ctx: GcContext, request: GcRequest): Promise<GcReport> {
  const regions = [...new Set([ctx.clients.target.region, ...(request.regions ?? [])])];
  const sweeper = leftoverSweeper(ctx.clients, regions);
  const found = groupByBake(await sweeper.find({ signal: ctx.signal }));
  const bakes: GcBake[] = [];
  for (const bake of found) {
    const reason = bake.app ? await liveHolder(ctx.stateRoot, bake.app) : await anyLiveHolder(ctx.stateRoot);
    bakes.push({ ...bake, status: reason ? "in-use" : "leftover", ...(reason ? { reason } : {}) });
  }
  const report: GcReport = { dryRun: request.dryRun, regions, bakes, removed: [], failed: [] };
  if (request.dryRun) return report;

  const apps = [...new Set(bakes.filter((b) => b.status === "leftover" && b.app).map((b) => b.app!))];
  for (const app of apps) {
    let lock;
    try {
      lock = await acquireLock(appStateDir(ctx.stateRoot, app), { app, command: "roll gc", signal: ctx.signal });
    } catch (error) {
      if (!isRollError(error) || error.code !== "locked") throw error;
      // A bake started after we looked: its resources (and any left before) wait for the next gc.
      for (const bake of bakes) if (bake.app === app) Object.assign(bake, { status: "in-use", reason: error.message });
      continue;
    }
    try {
      // Under the lock no bake of the app runs: whatever carries its tags now is left over.
      const resources = await sweeper.find({ app, signal: ctx.signal });
      const result = await sweeper.remove(resources, { signal: ctx.signal, emit: ctx.emit });
      report.removed.push(...result.removed);
      report.failed.push(...result.failed);
    } finally {
      await lock.release();
    }
  }
  const untagged = bakes.filter((b) => b.status === "leftover" && !b.app).flatMap((b) => b.resources);
  if (untagged.length > 0 && !(await anyLiveHolder(ctx.stateRoot))) {
    const result = await sweeper.remove(untagged, { signal: ctx.signal, emit: ctx.emit });
    report.removed.push(...result.removed);
    report.failed.push(...result.failed);
  }
  return report;
}
