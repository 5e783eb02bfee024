// Where the runtime keeps things under its data dir. Nothing here is visible inside an instance:
// an instance only ever sees the overlay mounted on `rootfs`.

import path from "node:path";

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Instance ids and base-image names become directory names, so they must be plain names. */
export function assertSafeName(kind: string, value: string): void {
  if (!SAFE_NAME.test(value)) throw new Error(`invalid ${kind} ${JSON.stringify(value)}: use letters, digits, ".", "_", "-"`);
}

export interface InstancePaths {
  dir: string;
  /** The writable layer, laid out like an image layer: `root/` (upper of /) and `usr/` (upper of /usr). */
  layer: string;
  upperRoot: string;
  upperUsr: string;
  workRoot: string;
  workUsr: string;
  /** The mount point of the instance's root, mounted only inside the instance's mount namespace. */
  rootfs: string;
  hostKey: string;
  /** Host pids of a running instance, so a restarted runtime can end what a crashed one left behind. */
  pidsFile: string;
}

export function instancePaths(dataDir: string, instanceId: string): InstancePaths {
  assertSafeName("instance id", instanceId);
  const dir = path.join(dataDir, "instances", instanceId);
  const layer = path.join(dir, "layer");
  return {
    dir,
    layer,
    upperRoot: path.join(layer, "root"),
    upperUsr: path.join(layer, "usr"),
    workRoot: path.join(dir, "work", "root"),
    workUsr: path.join(dir, "work", "usr"),
    rootfs: path.join(dir, "rootfs"),
    hostKey: path.join(dir, "ssh_host_ed25519_key"),
    pidsFile: path.join(dir, "pids.json"),
  };
}

export function instancesDir(dataDir: string): string {
  return path.join(dataDir, "instances");
}

export function baseLayerDir(dataDir: string, name: string): string {
  assertSafeName("base image name", name);
  return path.join(dataDir, "base-layers", name);
}
