// Images made from instances: CreateImage snapshots the instance's writable layer into a new layer
// directory whose parents are the source image's layers; the image is pending until that copy is done.

import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ApiError } from "../wire/errors.js";
import type { Cloud } from "./cloud.js";
import { ACCOUNT_ID, newId, rootVolumeId } from "./ids.js";
import type { ImageRecord, InstanceRecord, Tag } from "./types.js";

const NAME_PATTERN = /^[A-Za-z0-9()[\]./\-'@_ ]{3,128}$/;

/** Snapshot jobs in flight: image id -> done flag / error. Not persisted: a restart fails them. */
const jobs = new WeakMap<Cloud, Map<string, { done: boolean; error?: string }>>();

function jobsOf(cloud: Cloud): Map<string, { done: boolean; error?: string }> {
  let map = jobs.get(cloud);
  if (!map) jobs.set(cloud, (map = new Map()));
  return map;
}

export function validateImageName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ApiError(
      "InvalidAMIName.Malformed",
      `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '_', '[', ']', '@', ''' and spaces: "${name}"`,
    );
  }
}

export interface CreateImageRequest {
  instance: InstanceRecord;
  name: string;
  description?: string;
  imageTags: Tag[];
  snapshotTags: Tag[];
}

export function createImage(cloud: Cloud, request: CreateImageRequest): ImageRecord {
  const { instance } = request;
  validateImageName(request.name);
  if (instance.state !== "running" && instance.state !== "stopped") {
    throw new ApiError("IncorrectInstanceState", `The instance '${instance.id}' is not in a state from which it can be imaged (state: ${instance.state}).`);
  }
  const duplicate = Object.values(cloud.state.images).find(
    (image) => image.region === instance.region && image.ownerId === ACCOUNT_ID && image.name === request.name && image.state !== "deregistered",
  );
  if (duplicate) {
    throw new ApiError("InvalidAMIName.Duplicate", `AMI name ${request.name} is already in use by AMI ${duplicate.id}`);
  }
  const source = cloud.state.images[instance.imageId];
  const parentLayers = source ? source.layers : instance.layers;
  const now = cloud.now();
  const imageId = newId.image();
  const snapshotId = newId.snapshot();
  const layerDir = join(cloud.dataDir, "layers", imageId);
  const image: ImageRecord = {
    id: imageId,
    region: instance.region,
    name: request.name,
    description: request.description,
    ownerId: ACCOUNT_ID,
    public: false,
    state: "pending",
    stateSince: now,
    creationDate: now,
    architecture: source?.architecture ?? "x86_64",
    rootDeviceName: source?.rootDeviceName ?? "/dev/xvda",
    volumeSize: source?.volumeSize ?? 8,
    snapshotId,
    layerDir,
    layers: [layerDir, ...parentLayers],
    sourceInstanceId: instance.id,
    tags: request.imageTags,
  };
  cloud.state.images[imageId] = image;
  cloud.state.snapshots[snapshotId] = {
    id: snapshotId,
    region: instance.region,
    ownerId: ACCOUNT_ID,
    volumeId: rootVolumeId(instance.id),
    volumeSize: image.volumeSize,
    description: `Created by CreateImage(${instance.id}) for ${imageId}`,
    state: "pending",
    startTime: now,
    tags: request.snapshotTags,
    layerDir,
  };
  const job: { done: boolean; error?: string } = { done: false };
  jobsOf(cloud).set(imageId, job);
  cloud.runtime.snapshot(instance.id, layerDir).then(
    () => {
      job.done = true;
    },
    (error: unknown) => {
      job.done = true;
      job.error = error instanceof Error ? error.message : String(error);
    },
  );
  cloud.changed();
  return image;
}

export function reconcileImages(cloud: Cloud): void {
  const now = cloud.now();
  for (const image of Object.values(cloud.state.images)) {
    if (image.state !== "pending") continue;
    const snapshot = cloud.state.snapshots[image.snapshotId];
    const job = jobsOf(cloud).get(image.id);
    if (!job) {
      // The sandbox restarted while the copy ran: the copy is lost.
      failImage(cloud, image, "the sandbox restarted while the image was being created");
      continue;
    }
    if (!job.done) continue;
    if (job.error !== undefined) {
      failImage(cloud, image, job.error);
      jobsOf(cloud).delete(image.id);
      continue;
    }
    if (now - image.stateSince < cloud.timing.imagePendingMs) continue;
    image.state = "available";
    image.stateSince = now;
    if (snapshot) snapshot.state = "completed";
    jobsOf(cloud).delete(image.id);
    cloud.changed();
  }
}

function failImage(cloud: Cloud, image: ImageRecord, detail: string): void {
  image.state = "failed";
  image.stateSince = cloud.now();
  image.stateReason = { code: "Server.InternalError", message: `Server.InternalError: ${detail}` };
  const snapshot = cloud.state.snapshots[image.snapshotId];
  if (snapshot) snapshot.state = "error";
  cloud.log(`image ${image.id} failed: ${detail}`);
  cloud.changed();
}

/** Removes a snapshot's layer directory unless an image or a live instance still uses it. */
export async function releaseLayer(cloud: Cloud, layerDir: string | undefined): Promise<void> {
  if (!layerDir) return;
  const used =
    Object.values(cloud.state.images).some((i) => i.state !== "deregistered" && i.layers.includes(layerDir)) ||
    Object.values(cloud.state.instances).some((i) => i.state !== "terminated" && i.layers.includes(layerDir));
  if (!used) await rm(layerDir, { recursive: true, force: true });
}

/** CopyImage: the copy shares the source's layers (they are read-only) and gets its own snapshot. */
export function copyImage(cloud: Cloud, source: ImageRecord, region: string, name: string, description: string | undefined): ImageRecord {
  validateImageName(name);
  const now = cloud.now();
  const imageId = newId.image();
  const snapshotId = newId.snapshot();
  const image: ImageRecord = {
    ...source,
    id: imageId,
    region,
    name,
    description: description ?? source.description,
    ownerId: ACCOUNT_ID,
    ownerAlias: undefined,
    public: false,
    state: "pending",
    stateSince: now,
    stateReason: undefined,
    creationDate: now,
    snapshotId,
    layerDir: undefined,
    layers: [...source.layers],
    sourceInstanceId: undefined,
    tags: [],
  };
  cloud.state.images[imageId] = image;
  cloud.state.snapshots[snapshotId] = {
    id: snapshotId,
    region,
    ownerId: ACCOUNT_ID,
    volumeId: "vol-ffffffff",
    volumeSize: source.volumeSize,
    description: `Copied for DestinationAmi ${imageId} from SourceAmi ${source.id} for SourceSnapshot ${source.snapshotId}`,
    state: "pending",
    startTime: now,
    tags: [],
  };
  jobsOf(cloud).set(imageId, { done: true });
  cloud.changed();
  return image;
}
