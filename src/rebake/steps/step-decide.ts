// The decision the evidence makes: an image that changed nothing is only a copy of what runs and is
// discarded; anything else is deployed through the release pipeline (same gates, same rollback) under
// the lock this rebake holds.

import type { Step } from "../../engine/steps.js";
import { inPhase } from "../../pipelines/context.js";
import { recorded } from "../../pipelines/release/state.js";
import { runRelease } from "../../pipelines/release.js";
import { forgetBake } from "./step-bake.js";
import { stepRunContext, type RebakeRun } from "./state.js";

export const stepDiscardUnchanged: Step<RebakeRun> = {
  name: "discard-unchanged",
  async run(run, step) {
    if (recorded(run.comparison, "the comparison").changed) return;
    const bake = recorded(run.bake, "the bake");
    await inPhase(step, run.durations, "cleanup", `discard ${bake.version}`, () => forgetBake(run, step.emit, "rebake changed nothing", step.signal));
  },
};

export const stepDeployChanged: Step<RebakeRun> = {
  name: "deploy",
  async run(run, step) {
    const comparison = recorded(run.comparison, "the comparison");
    if (!comparison.changed) return;
    const bake = recorded(run.bake, "the bake");
    const ctx = stepRunContext(run, step);
    ctx.emit({ type: "log", level: "info", message: `deploying ${bake.version}: ${comparison.summary.verdict}` });
    run.handedOver = true;
    // The release's events go through this rebake's redactor too: they may quote the template's values.
    run.released = await runRelease(
      ctx,
      { app: run.request.app, source: { kind: "version", to: bake.version }, command: run.request.command, historyKind: "rebake", heldLock: run.lock },
    );
    for (const [phase, ms] of Object.entries(run.released.phases ?? {})) run.durations[phase] = (run.durations[phase] ?? 0) + ms;
  },
};
