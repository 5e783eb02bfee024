// force_deregister: remove the image that already carries the target name (in every target region),
// and with force_delete_snapshot its snapshots too. Packer's StepDeregisterAMI.

import type { Step } from "../../engine/steps.js";
import { ownImagesNamed, removeImage, snapshotIdsOf } from "./images.js";
import type { EbsState } from "./state.js";

export const deregisterExisting: Step<EbsState> = {
  name: "deregister-existing",
  async run(state, { signal, emit }) {
    const { config } = state;
    if (config.skipCreateAmi || !config.forceDeregister) return;
    for (const region of [state.region, ...config.amiRegions.filter((r) => r !== state.region)]) {
      const ec2 = state.clients.ec2(region);
      for (const image of await ownImagesNamed(ec2, config.amiName, signal)) {
        emit({ type: "log", level: "info", message: `force_deregister: removing ${image.ImageId} ("${config.amiName}") in ${region}` });
        await removeImage(ec2, { imageId: image.ImageId!, snapshotIds: config.forceDeleteSnapshot ? snapshotIdsOf(image) : [] }, emit, signal, region);
      }
    }
  },
};
