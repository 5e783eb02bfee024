// Synthesize the app's stack for an image and a pinned group version, and make the cloud match it.
// Also where a run learns how it applies stacks: startInfra says so once (or refuses the fallback on
// real AWS) before anything changes, and the result carries the engine and its command figures.

import type { ApplyResult } from "../infra/index.js";
import { checkInfraChoice, createCommandStats, createInfra, infraName, infraSynthOptions } from "../infra/index.js";
import type { ResultEvent } from "../engine/events.js";
import { synthesizeApp } from "../stack/index.js";
import type { AppDefinition } from "../stack/app.js";
import type { RunContext } from "./context.js";

/** Checks the choice against the target and emits the fallback notice; call once, before any change. */
export function startInfra(ctx: Pick<RunContext, "infra" | "clients" | "emit">): void {
  const notice = checkInfraChoice(ctx.infra, ctx.clients.target);
  if (notice) ctx.emit({ type: "notice", code: "infra-fallback", message: notice });
}

/** The result record's `infra` and `terraform` fields. */
export function infraResult(ctx: Pick<RunContext, "infra">): Pick<ResultEvent, "infra" | "terraform"> {
  const figures = createCommandStats(ctx.infra).figures();
  return { infra: infraName(ctx.infra), ...(figures ? { terraform: figures } : {}) };
}

export async function applyStack(
  ctx: RunContext,
  app: AppDefinition,
  imageId: string,
  groupLaunchTemplateVersion: number | undefined,
  phase: "apply" | "reconcile" = "apply",
): Promise<ApplyResult> {
  const stack = synthesizeApp(app, {
    app: app.name,
    region: ctx.clients.target.region,
    imageId,
    groupLaunchTemplateVersion,
  }, infraSynthOptions(ctx.infra, ctx.clients.target));
  const stats = createCommandStats(ctx.infra);
  const applier = createInfra(ctx.infra, ctx.clients, { stateRoot: ctx.stateRoot, onCommand: (record) => stats.record(phase, record) });
  const applied = await applier.apply(stack, {
    signal: ctx.signal,
    // Cheap only after this run's own apply: its state is then as fresh as the run's own changes.
    reconcile: phase === "reconcile" && stats.applied(),
    onChange: (change) => ctx.emit({ type: "resource", action: change.action, kind: change.kind, id: change.id, detail: change.detail ?? change.name }),
    onMessage: (message) => ctx.emit({ type: "log", level: message.level, message: message.message }),
  });
  stats.markApplied();
  return applied;
}
