// A fresh bake (never a reuse) on the newest base image, with the security step; its package manifest
// (which every bake records) is compared with the live version's. Without evidence there is no decision: cleanup removes the image of a rebake that failed
// before its release, like any failed bake's.

import { RollError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { bakeOrReuse } from "../../pipelines/bake.js";
import { inPhase } from "../../pipelines/context.js";
import { recorded } from "../../pipelines/release/state.js";
import { securityProvisioners, withRebakeSteps } from "../capture.js";
import { compareWith } from "../compare.js";
import { discardImage } from "../image-cleanup.js";
import { removeVersionManifest, writeVersionManifest } from "../metadata.js";
import { stepRunContext, type RebakeRun } from "./state.js";

export const stepBake: Step<RebakeRun> = {
  name: "bake",
  async run(run, step) {
    const ctx = stepRunContext(run, step);
    const app = recorded(run.app, "the app");
    const template = recorded(run.template, "the template");
    const security = run.securityUpdate ? securityProvisioners(run.securityUpdate, `stacks/${app.name}.ts`) : [];
    await inPhase(ctx, run.durations, "bake", "bake on the newest base image", async () => {
      // Every fresh bake captures and records its manifest (src/rebake/record-manifest.ts); a rebake
      // only adds the security step before it, and insists on the evidence.
      const outcome = await bakeOrReuse(ctx, {
        app: app.name,
        template: withRebakeSteps(template, security),
        templateFile: recorded(run.templateFile, "the template file"),
        store: run.store,
        force: true,
        redact: run.redact,
        inputs: run.inputs,
      });
      run.bake = outcome;
      if (!outcome.manifest) {
        throw new RollError("manifest-missing", `the bake of ${outcome.version} printed no package manifest`, { fault: "external" });
      }
      const vars = Object.fromEntries(Object.entries(run.vars ?? {}).filter(([name]) => !template.variables[name]?.sensitive));
      const manifest = { ...outcome.manifest, securityUpdate: run.securityUpdate, vars };
      await writeVersionManifest(ctx.stateRoot, manifest);
      run.manifest = manifest;
      const live = run.live;
      const baseline = live ? { version: live.version, manifest: run.liveManifest, baseImageId: live.sourceImageId } : undefined;
      run.comparison = compareWith(baseline, manifest);
      ctx.emit({ type: "rebake", ...run.comparison.summary });
    });
  },
  async cleanup(run, step, outcome) {
    if (!outcome.failed || run.handedOver || !run.bake) return;
    await forgetBake(run, step.emit, "the rebake failed before its release");
  },
};

/** Removes the rebake's image, its version record and its manifest. */
export async function forgetBake(run: RebakeRun, emit: RebakeRun["ctx"]["emit"], why: string, signal?: AbortSignal): Promise<void> {
  const bake = run.bake!;
  await discardImage(run.ctx.clients, bake.imageId, emit, signal, why);
  await removeVersionManifest(run.ctx.stateRoot, run.request.app, bake.version);
  await run.store.update((state) => {
    state.versions = state.versions.filter((v) => v.version !== bake.version);
  });
}
