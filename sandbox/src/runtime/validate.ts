// Checks a LaunchSpec before anything is created: its values end up in mount options, paths and
// hostnames, so a bad one must fail here with the value in the message.

import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { assertSafeName } from "./paths.js";
import type { LaunchSpec } from "./types.js";

const LOOPBACK_V4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// overlayfs separates lower dirs with ":" and options with ","; the shell scripts quote everything else.
// useradd's default rule; the name goes into /etc/passwd and a home path.
const ADMIN_USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MOUNTABLE_PATH = /^\/[^:,\n\\]*$/;

export function validateSpec(spec: LaunchSpec, dataDir: string): void {
  assertSafeName("instance id", spec.instanceId);
  const ip = LOOPBACK_V4.exec(spec.ip);
  if (!ip || ip.slice(1).some((octet) => Number(octet) > 255)) {
    throw new Error(`instance ${spec.instanceId}: ip ${JSON.stringify(spec.ip)} is not a 127.x.y.z loopback address`);
  }
  if (!HOSTNAME.test(spec.hostname) || spec.hostname.length > 253) {
    throw new Error(`instance ${spec.instanceId}: invalid hostname ${JSON.stringify(spec.hostname)}`);
  }
  if (!Number.isInteger(spec.sshPort) || spec.sshPort < 0 || spec.sshPort > 65535) {
    throw new Error(`instance ${spec.instanceId}: invalid ssh port ${spec.sshPort}`);
  }
  if (spec.layers.length === 0) throw new Error(`instance ${spec.instanceId}: no layers (the base layer at least)`);
  if (!MOUNTABLE_PATH.test(dataDir)) throw new Error(`data dir ${JSON.stringify(dataDir)} cannot be used in mount options`);
  for (const layer of spec.layers) {
    if (!path.isAbsolute(layer) || !MOUNTABLE_PATH.test(layer)) {
      throw new Error(`instance ${spec.instanceId}: layer ${JSON.stringify(layer)} must be an absolute path without ":" or ","`);
    }
    const root = path.join(layer, "root");
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new Error(`instance ${spec.instanceId}: layer ${layer} has no root/ folder`);
    }
  }
  if (spec.adminUser !== undefined && !ADMIN_USER.test(spec.adminUser)) {
    throw new Error(`instance ${spec.instanceId}: invalid admin user name ${JSON.stringify(spec.adminUser)}`);
  }
  if (spec.userData?.includes("\0")) throw new Error(`instance ${spec.instanceId}: user data contains a NUL byte`);
}
