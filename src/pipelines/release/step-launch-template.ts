// Phase a: a new launch-template version with the image while the group stays on the live version.
// A version released before (a rollback, or an identical bake) goes back to its own launch-template
// version when that still exists, so instances already on it stay.

import type { Step } from "../../engine/steps.js";
import { findVersion } from "../../releases/store.js";
import type { ReleaseState } from "../../releases/types.js";
import { applyStack } from "../apply-stack.js";
import { inPhase } from "../context.js";
import { existingLaunchTemplateVersion, type LaunchTemplateTarget } from "../launch-template-target.js";
import { recorded, stepRunContext, type ReleaseRun } from "./state.js";

export const stepLaunchTemplate: Step<ReleaseRun> = {
  name: "launch-template",
  async run(run, step) {
    const ctx = stepRunContext(run, step);
    const app = recorded(run.app, "the app");
    const chosen = recorded(run.chosen, "the image");
    await run.journal.update({ phase: "apply", version: chosen.version, imageId: chosen.imageId });
    const current = await run.store.read();
    const chosenRecord = findVersion(current, chosen.version);
    const reusable = chosenRecord ? await existingLaunchTemplateVersion(ctx, current, chosenRecord) : undefined;
    const target: LaunchTemplateTarget =
      reusable ??
      (await inPhase(ctx, run.durations, "apply", "launch template version", async () => {
        const applied = await applyStack(ctx, app, chosen.imageId, run.live?.launchTemplateVersion);
        return {
          launchTemplateId: applied.launchTemplate.id,
          launchTemplateName: applied.launchTemplate.name,
          groupName: applied.group.name,
          version: applied.launchTemplate.latestVersion,
          reused: false,
        };
      }));
    run.target = target;
    await run.store.update((state) => {
      state.groupName = target.groupName;
      state.launchTemplateName = target.launchTemplateName;
      const record = findVersion(state, chosen.version);
      if (record) record.launchTemplateVersion = target.version;
    });
    run.versionOfImage = versionOfImage(await run.store.read());
    await run.journal.update({ phase: "refresh", groupName: target.groupName, launchTemplateVersion: target.version });
  },
};

function versionOfImage(state: ReleaseState) {
  const byImage = new Map(state.versions.map((v) => [v.imageId, v.version]));
  return (imageId: string | undefined) => (imageId ? byImage.get(imageId) : undefined);
}
