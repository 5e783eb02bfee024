// The template's post-processors (manifest, shell-local), once the image and its copies exist.

import type { Step } from "../../engine/steps.js";
import { runPostProcessors } from "../post-processors/index.js";
import type { EbsState } from "./state.js";

export const postProcess: Step<EbsState> = {
  name: "post-process",
  async run(state, { signal, emit }) {
    if (state.postProcessors.length === 0 || !state.image) return;
    const images = { [state.region]: state.image.imageId, ...Object.fromEntries(Object.entries(state.copies).map(([region, copy]) => [region, copy.imageId])) };
    await runPostProcessors(
      state.postProcessors,
      { buildName: state.config.buildName, builderType: "amazon-ebs", images, runUuid: state.runUuid, buildTime: state.buildTime },
      { templateRoot: state.templateRoot, signal, emit, redact: state.redact },
    );
  },
};
