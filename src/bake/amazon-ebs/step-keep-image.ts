// The last step: the bake succeeded, so its image (with its snapshots and copies) stops being
// temporary. Until this point a killed bake's image is a leftover for `roll gc`, never a version
// that a later bake could reuse.

import { DeleteTagsCommand } from "@aws-sdk/client-ec2";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import type { CreatedImage, EbsState } from "./state.js";
import { TEMPORARY_TAG } from "./tags.js";

async function keep(state: EbsState, region: string, image: CreatedImage, signal: AbortSignal): Promise<void> {
  await call(`DeleteTags ${TEMPORARY_TAG} (${region})`, () =>
    state.clients.ec2(region).send(
      new DeleteTagsCommand({ Resources: [image.imageId, ...image.snapshotIds], Tags: [{ Key: TEMPORARY_TAG }] }),
      { abortSignal: signal },
    ),
  );
}

export const keepImage: Step<EbsState> = {
  name: "keep-image",
  async run(state, { signal }) {
    if (!state.image) return;
    await keep(state, state.region, state.image, signal);
    await Promise.all(Object.entries(state.copies).map(([region, copy]) => keep(state, region, copy, signal)));
  },
};
