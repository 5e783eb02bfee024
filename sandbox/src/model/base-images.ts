// The vendor's base images: the one the sandbox ships (built by the runtime) and newer ones published
// on demand (`roll sandbox publish-base`), as a vendor publishes a refreshed image with security
// updates. A published base is a thin layer over the shipped one holding a newer dpkg status database
// and /etc/sandbox-base-release; every region gets the image, owned by the vendor (alias "amazon").

import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Cloud } from "./cloud.js";
import { bumpPackages, type PackageChange } from "./dpkg-status.js";
import { VENDOR_ACCOUNT_ID, stableId } from "./ids.js";
import type { PublishedBase } from "./types.js";

export const BASE_IMAGE_NAME = "sandbox-linux-base-2026.11.0-x86_64";
/** The shipped base was "created" at a fixed time, so every image made later is more recent. */
export const BASE_IMAGE_CREATED = Date.parse("2026-11-01T00:00:00.000Z");

interface BaseImage {
  name: string;
  creationDate: number;
  layers: string[];
}

function baseImages(cloud: Cloud): BaseImage[] {
  const shipped: BaseImage = { name: BASE_IMAGE_NAME, creationDate: BASE_IMAGE_CREATED, layers: [cloud.baseLayerDir] };
  const published = (cloud.state.publishedBases ?? []).map((p) => ({ name: p.name, creationDate: p.creationDate, layers: [p.layerDir, cloud.baseLayerDir] }));
  return [shipped, ...published];
}

/** (Re)registers every base image in a region; layer paths are refreshed on every start. */
export function registerBaseImages(cloud: Cloud, region: string): void {
  for (const base of baseImages(cloud)) {
    const imageId = stableId("ami", `base/${base.name}/${region}`);
    const snapshotId = stableId("snap", `base/${base.name}/${region}`);
    cloud.state.images[imageId] = {
      id: imageId,
      region,
      name: base.name,
      description: "Sandbox Linux base image (x86_64)",
      ownerId: VENDOR_ACCOUNT_ID,
      ownerAlias: "amazon",
      public: true,
      state: "available",
      stateSince: base.creationDate,
      creationDate: base.creationDate,
      architecture: "x86_64",
      rootDeviceName: "/dev/xvda",
      volumeSize: 8,
      snapshotId,
      layers: base.layers,
      tags: [],
    };
    cloud.state.snapshots[snapshotId] = {
      id: snapshotId,
      region,
      ownerId: VENDOR_ACCOUNT_ID,
      ownerAlias: "amazon",
      volumeId: "vol-ffffffff",
      volumeSize: 8,
      description: `${base.name} root volume`,
      state: "completed",
      startTime: base.creationDate,
      tags: [],
    };
  }
}

export interface PublishedBaseResult {
  name: string;
  creationDate: string;
  previous: string;
  /** Image id per region. */
  images: Record<string, string>;
  packages: PackageChange[];
}

const DPKG_STATUS = "root/var/lib/dpkg/status";

async function readStatus(layers: string[]): Promise<string> {
  for (const layer of layers) {
    const file = join(layer, DPKG_STATUS);
    if (existsSync(file)) return readFile(file, "utf8");
  }
  return existsSync("/var/lib/dpkg/status") ? readFile("/var/lib/dpkg/status", "utf8") : "";
}

/** Name for the next base: sandbox-linux-base-<yyyy.mm>.<n>-x86_64, n one past the month's last. */
function nextName(existing: string[], now: number): string {
  const d = new Date(now);
  const month = `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  let serial = -1;
  for (const name of existing) {
    const match = /^sandbox-linux-base-(\d{4}\.\d{2})\.(\d+)-x86_64$/.exec(name);
    if (match && match[1] === month) serial = Math.max(serial, Number(match[2]));
  }
  return `sandbox-linux-base-${month}.${serial + 1}-x86_64`;
}

export async function publishBaseImage(cloud: Cloud): Promise<PublishedBaseResult> {
  const bases = baseImages(cloud);
  const previous = bases.reduce((a, b) => (b.creationDate > a.creationDate ? b : a));
  const now = Math.max(cloud.now(), previous.creationDate + 1000);
  const name = nextName(bases.map((b) => b.name), now);
  const layerDir = join(cloud.dataDir, "published-bases", name);
  const { status, changes } = bumpPackages(await readStatus(previous.layers));
  await mkdir(join(layerDir, "root/var/lib/dpkg"), { recursive: true });
  await mkdir(join(layerDir, "root/etc"), { recursive: true });
  await writeFile(join(layerDir, DPKG_STATUS), status);
  await writeFile(join(layerDir, "root/etc/sandbox-base-release"), `NAME=${name}\nCREATED=${new Date(now).toISOString()}\nPREVIOUS=${previous.name}\n`);
  const record: PublishedBase = { name, creationDate: now, layerDir };
  cloud.state.publishedBases = [...(cloud.state.publishedBases ?? []), record];
  const regions = new Set(Object.values(cloud.state.images).map((i) => i.region));
  const images: Record<string, string> = {};
  for (const region of regions) {
    registerBaseImages(cloud, region);
    images[region] = stableId("ami", `base/${name}/${region}`);
  }
  cloud.changed();
  cloud.log(`published base image ${name} (${changes.map((c) => `${c.name} ${c.to}`).join(", ")})`);
  return { name, creationDate: new Date(now).toISOString(), previous: previous.name, images, packages: changes };
}
