// The amazon-ebs build, as one flat list in Packer's order. Reading it tells the whole story.

import type { Step } from "../../engine/steps.js";
import type { EbsState } from "./state.js";
import { checkImageName } from "./step-check-image-name.js";
import { resolveSourceImage } from "./step-source-image.js";
import { createKeyPair } from "./step-key-pair.js";
import { createSecurityGroup } from "./step-security-group.js";
import { runInstance } from "./step-run-instance.js";
import { readHostKeys } from "./step-host-keys.js";
import { connectSsh } from "./step-connect.js";
import { provision } from "./step-provision.js";
import { stopInstance } from "./step-stop-instance.js";
import { deregisterExisting } from "./step-deregister-existing.js";
import { createImage } from "./step-create-image.js";
import { copyToRegions } from "./step-copy-regions.js";
import { shareWithUsers } from "./step-ami-users.js";
import { encryptImage } from "./step-encrypt-image.js";
import { postProcess } from "./step-post-process.js";
import { keepImage } from "./step-keep-image.js";

export const EBS_STEPS: Step<EbsState>[] = [
  checkImageName,
  resolveSourceImage,
  createKeyPair,
  createSecurityGroup,
  runInstance,
  readHostKeys,
  connectSsh,
  provision,
  stopInstance,
  deregisterExisting,
  createImage,
  encryptImage,
  copyToRegions,
  shareWithUsers,
  postProcess,
  keepImage,
];

/** Steps whose cleanup removes cloud resources: what --on-error=abort leaves for debugging. */
export const RESOURCE_STEPS: ReadonlySet<string> = new Set([createKeyPair.name, createSecurityGroup.name, runInstance.name, createImage.name, copyToRegions.name]);

/** Records each step's wall time (run only) in state.durationMs, for the result and the bench. */
export function timed(step: Step<EbsState>): Step<EbsState> {
  return {
    ...step,
    async run(state, ctx) {
      const started = performance.now();
      try {
        await step.run(state, ctx);
      } finally {
        state.durationMs[step.name] = Math.round(performance.now() - started);
      }
    },
  };
}
