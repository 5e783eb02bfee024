// encrypt_boot: Packer's way, an encrypted copy of the new image (with kms_key_id, or the account's
// default EBS key) replaces the unencrypted one, which is removed with its snapshots. The copy is
// what the later steps copy, share and keep.

import { CopyImageCommand } from "@aws-sdk/client-ec2";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import { imageTagSpecs } from "./image-tags.js";
import { waitImageAvailable } from "./image-wait.js";
import { removeImage, snapshotIdsOf } from "./images.js";
import type { EbsState } from "./state.js";

export const encryptImage: Step<EbsState> = {
  name: "encrypt-image",
  async run(state, { signal, emit }) {
    const { config } = state;
    const plain = state.image;
    if (!config.encryptBoot || !plain) return;
    const result = await call("CopyImage (encrypt_boot)", () =>
      state.ec2.send(
        new CopyImageCommand({
          SourceImageId: plain.imageId,
          SourceRegion: state.region,
          Name: config.amiName,
          ...(config.amiDescription ? { Description: config.amiDescription } : {}),
          Encrypted: true,
          ...(config.kmsKeyId ? { KmsKeyId: config.kmsKeyId } : {}),
          TagSpecifications: imageTagSpecs(state),
        }),
        { abortSignal: signal },
      ),
    );
    const encrypted = { imageId: result.ImageId!, snapshotIds: [] as string[] };
    // Recorded first: from here the create-image cleanup removes the encrypted image on failure,
    // and the unencrypted one is removed right below.
    state.image = encrypted;
    emit({ type: "resource", action: "created", kind: "image", id: encrypted.imageId, detail: `encrypted copy of ${plain.imageId}` });
    try {
      const image = await waitImageAvailable(state.ec2, encrypted.imageId, state.region, signal, config.polling);
      encrypted.snapshotIds = snapshotIdsOf(image);
    } finally {
      await removeImage(state.ec2, plain, emit, signal, state.region);
    }
  },
};
