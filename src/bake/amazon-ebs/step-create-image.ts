// The image itself, from the stopped builder. Tagged at creation (so even a killed bake's image is
// findable by its bake id), followed until available. Removed, with its snapshots, only when the
// bake failed or was cancelled.

import { CreateImageCommand } from "@aws-sdk/client-ec2";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import { imageTagSpecs } from "./image-tags.js";
import { waitImageAvailable } from "./image-wait.js";
import { removeImage, snapshotIdsOf } from "./images.js";
import type { EbsState } from "./state.js";

export const createImage: Step<EbsState> = {
  name: "create-image",
  async run(state, { signal, emit }) {
    const { config } = state;
    if (config.skipCreateAmi) {
      emit({ type: "log", level: "info", message: "skip_create_ami: no image is created" });
      return;
    }
    const result = await call("CreateImage", () =>
      state.ec2.send(
        new CreateImageCommand({
          InstanceId: state.instanceId,
          Name: config.amiName,
          ...(config.amiDescription ? { Description: config.amiDescription } : {}),
          TagSpecifications: imageTagSpecs(state),
        }),
        { abortSignal: signal },
      ),
    );
    const imageId = result.ImageId!;
    state.image = { imageId, snapshotIds: [] };
    emit({ type: "resource", action: "created", kind: "image", id: imageId, detail: `${config.amiName} (${state.region})` });
    const image = await waitImageAvailable(state.ec2, imageId, state.region, signal, config.polling);
    state.image.snapshotIds = snapshotIdsOf(image);
    emit({ type: "log", level: "info", message: `image ${imageId} is available in ${state.region}` });
  },
  async cleanup(state, { signal, emit }, outcome) {
    const image = state.image;
    if (!image) return;
    if (!outcome.failed && !outcome.cancelled) {
      emit({ type: "resource", action: "kept", kind: "image", id: image.imageId, detail: state.region });
      return;
    }
    await removeImage(state.ec2, image, emit, signal, state.region);
    state.image = undefined;
  },
};
