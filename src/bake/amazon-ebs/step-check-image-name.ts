// Before anything is created: an image with the target name must not exist yet (in any target
// region), unless force_deregister says to replace it. Packer's StepPreValidate.

import { userError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { ownImagesNamed } from "./images.js";
import type { EbsState } from "./state.js";

export const checkImageName: Step<EbsState> = {
  name: "check-image-name",
  async run(state, { signal }) {
    const { config } = state;
    if (config.skipCreateAmi || config.forceDeregister) return;
    for (const region of [state.region, ...config.amiRegions.filter((r) => r !== state.region)]) {
      const existing = await ownImagesNamed(state.clients.ec2(region), config.amiName, signal);
      if (existing.length > 0) {
        throw userError(
          "image-name-taken",
          `an image named "${config.amiName}" already exists in ${region} (${existing.map((i) => i.ImageId).join(", ")})`,
          { ...config.sourceLocation, field: "ami_name" },
          "give ami_name a unique part (e.g. a timestamp), or set force_deregister = true to replace it",
        );
      }
    }
  },
};
