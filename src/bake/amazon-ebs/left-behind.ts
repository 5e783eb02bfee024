// What an amazon-ebs bake holds at a given moment, for --on-error=abort to say what it leaves.

import type { LeftResource, PolicyHooks } from "../on-error.js";
import type { EbsState } from "./state.js";
import { RESOURCE_STEPS } from "./steps.js";

function left(state: EbsState): LeftResource[] {
  const resources: LeftResource[] = [];
  if (state.instanceId && !state.instanceTerminated) {
    resources.push({ kind: "instance", id: state.instanceId, ...(state.sshHost ? { detail: `${state.config.sshUsername}@${state.sshHost}:${state.config.sshPort}` } : {}) });
  }
  if (state.createdSecurityGroupId) resources.push({ kind: "security-group", id: state.createdSecurityGroupId });
  if (state.createdKeyPairName) resources.push({ kind: "key-pair", id: state.createdKeyPairName });
  if (state.image) resources.push({ kind: "image", id: state.image.imageId, detail: state.region });
  for (const [region, copy] of Object.entries(state.copies)) resources.push({ kind: "image", id: copy.imageId, detail: region });
  return resources;
}

function advice(state: EbsState): string[] {
  if (!state.instanceId || state.config.communicator !== "ssh") return [];
  if (state.createdKeyPairName) {
    return ["The temporary private key was held in memory only and is gone: to log in to a failed builder, bake with ssh_keypair_name and ssh_private_key_file."];
  }
  return [];
}

export const ebsPolicyHooks: PolicyHooks<EbsState> = {
  removesResources: (step) => RESOURCE_STEPS.has(step.name),
  left,
  advice,
};
