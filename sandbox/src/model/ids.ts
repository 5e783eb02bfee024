// Resource identifiers in AWS's shapes: a prefix and 17 hex digits (8 for some older kinds).

import { randomBytes, randomUUID } from "node:crypto";

export const ACCOUNT_ID = "123456789012";
/** Owner of the images the sandbox ships (shown with the alias "amazon"). */
export const VENDOR_ACCOUNT_ID = "137112412989";

function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
}

export const newId = {
  instance: () => `i-0${hex(16)}`,
  reservation: () => `r-0${hex(16)}`,
  image: () => `ami-0${hex(16)}`,
  snapshot: () => `snap-0${hex(16)}`,
  volume: () => `vol-0${hex(16)}`,
  keyPair: () => `key-0${hex(16)}`,
  securityGroup: () => `sg-0${hex(16)}`,
  securityGroupRule: () => `sgr-0${hex(16)}`,
  launchTemplate: () => `lt-0${hex(16)}`,
  uuid: () => randomUUID(),
};

/** A stable id derived from a seed (for resources every region has from the start). */
export function stableId(prefix: string, seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of seed) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ ch.charCodeAt(0), 2246822519) >>> 0;
  }
  return `${prefix}-0${(h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).slice(0, 16)}`;
}

/** An instance's root volume id: derived from the instance id, as the volume lives exactly as long. */
export function rootVolumeId(instanceId: string): string {
  return `vol-0${instanceId.slice(3)}`.slice(0, 21);
}
