// Phase c: the stack says what the cloud now runs (the new version after a deploy, the live one after
// a rollback), so a later plan shows no changes.

import type { Step } from "../../engine/steps.js";
import { findVersion } from "../../releases/store.js";
import { applyStack } from "../apply-stack.js";
import { inPhase } from "../context.js";
import { recorded, stepRunContext, type ReleaseRun } from "./state.js";

export const stepReconcile: Step<ReleaseRun> = {
  name: "reconcile",
  async run(run, step) {
    const ctx = stepRunContext(run, step);
    const app = recorded(run.app, "the app");
    const verdict = recorded(run.verdict, "the rollout's verdict");
    const target = recorded(run.target, "the launch-template version");
    await run.journal.update({ phase: "reconcile" });
    const deployed = verdict.outcome === "deployed";
    const liveAfter = deployed ? run.chosen : run.live;
    if (!liveAfter) return;
    const launchTemplateVersion = deployed ? target.version : findVersion(await run.store.read(), liveAfter.version)?.launchTemplateVersion;
    await inPhase(ctx, run.durations, "reconcile", "reconcile stack", () => applyStack(ctx, app, liveAfter.imageId, launchTemplateVersion));
  },
};
