// EC2 image and snapshot calls: DescribeImages, CreateImage, CopyImage, DeregisterImage,
// DescribeSnapshots, DeleteSnapshot.

import { ACCOUNT_ID } from "../../model/ids.js";
import { copyImage, createImage, releaseLayer } from "../../model/images.js";
import type { ImageRecord, SnapshotRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, checkIdFormat, filtersOf, paginate, tagSet, tagSpecs } from "./common.js";
import { requireInstance } from "./instances.js";

function imageXml(image: ImageRecord): XmlValue {
  return {
    imageId: image.id,
    imageLocation: `${image.ownerAlias ?? image.ownerId}/${image.name}`,
    imageState: image.state,
    imageOwnerId: image.ownerId,
    creationDate: new Date(image.creationDate),
    isPublic: image.public,
    architecture: image.architecture,
    imageType: "machine",
    platformDetails: "Linux/UNIX",
    usageOperation: "RunInstances",
    imageOwnerAlias: image.ownerAlias,
    name: image.name,
    description: image.description,
    rootDeviceType: "ebs",
    rootDeviceName: image.rootDeviceName,
    blockDeviceMapping: [
      {
        deviceName: image.rootDeviceName,
        ebs: { snapshotId: image.snapshotId, volumeSize: image.volumeSize, deleteOnTermination: true, volumeType: "gp3", encrypted: false },
      },
    ],
    virtualizationType: "hvm",
    hypervisor: "xen",
    enaSupport: true,
    bootMode: "uefi-preferred",
    stateReason: image.stateReason ? { code: image.stateReason.code, message: image.stateReason.message } : undefined,
    tagSet: image.tags.length > 0 ? tagSet(image.tags) : undefined,
  };
}

const IMAGE_FILTERS = {
  name: (i: ImageRecord) => i.name,
  "image-id": (i: ImageRecord) => i.id,
  state: (i: ImageRecord) => i.state,
  "owner-id": (i: ImageRecord) => i.ownerId,
  "owner-alias": (i: ImageRecord) => i.ownerAlias,
  architecture: (i: ImageRecord) => i.architecture,
  "is-public": (i: ImageRecord) => String(i.public),
  "root-device-type": () => "ebs",
  "root-device-name": (i: ImageRecord) => i.rootDeviceName,
  "virtualization-type": () => "hvm",
  "image-type": () => "machine",
  description: (i: ImageRecord) => i.description,
  "block-device-mapping.snapshot-id": (i: ImageRecord) => i.snapshotId,
  "creation-date": (i: ImageRecord) => new Date(i.creationDate).toISOString(),
};

function matchesOwner(image: ImageRecord, owners: string[]): boolean {
  return owners.some((owner) =>
    owner === "self" ? image.ownerId === ACCOUNT_ID : owner === "amazon" ? image.ownerAlias === "amazon" : image.ownerId === owner,
  );
}

function visibleImages(ctx: ApiContext): ImageRecord[] {
  return Object.values(ctx.cloud.state.images).filter(
    (i) => i.region === ctx.region && i.state !== "deregistered" && (i.public || i.ownerId === ACCOUNT_ID),
  );
}

const describeImages: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("ImageId");
  const owners = ctx.params.strings("Owner");
  let pool = visibleImages(ctx);
  if (ids.length > 0) {
    for (const id of ids) checkIdFormat(id, "ami", "InvalidAMIID.Malformed");
    const missing = ids.filter((id) => !pool.some((i) => i.id === id));
    if (missing.length > 0) throw new ApiError("InvalidAMIID.NotFound", `The image id '[${missing.join(", ")}]' does not exist`);
    pool = pool.filter((i) => ids.includes(i.id));
  }
  if (owners.length > 0) pool = pool.filter((i) => matchesOwner(i, owners));
  const images = applyFilters(pool, filtersOf(ctx.params), IMAGE_FILTERS, (i) => i.tags).sort((a, b) => a.creationDate - b.creationDate);
  const page = paginate(ctx.params, images, { min: 5, max: 1000 }, ids.length > 0);
  return { imagesSet: page.items.map(imageXml), nextToken: page.nextToken };
};

const createImageHandler: Ec2Handler = (ctx) => {
  const instance = requireInstance(ctx, ctx.params.required("InstanceId"));
  const image = createImage(ctx.cloud, {
    instance,
    name: ctx.params.required("Name"),
    description: ctx.params.str("Description"),
    imageTags: tagSpecs(ctx.params, "image"),
    snapshotTags: tagSpecs(ctx.params, "snapshot"),
  });
  return { imageId: image.id };
};

const copyImageHandler: Ec2Handler = (ctx) => {
  const sourceId = ctx.params.required("SourceImageId");
  const sourceRegion = ctx.params.required("SourceRegion");
  checkIdFormat(sourceId, "ami", "InvalidAMIID.Malformed");
  const source = ctx.cloud.state.images[sourceId];
  if (!source || source.region !== sourceRegion || source.state === "deregistered") {
    throw new ApiError("InvalidAMIID.NotFound", `The image id '[${sourceId}]' does not exist`);
  }
  if (source.state !== "available") throw new ApiError("IncorrectState", `The image '${sourceId}' is not available`);
  ctx.cloud.ensureRegion(ctx.region);
  const image = copyImage(ctx.cloud, source, ctx.region, ctx.params.required("Name"), ctx.params.str("Description"));
  image.tags = tagSpecs(ctx.params, "image");
  return { imageId: image.id };
};

function requireOwnImage(ctx: ApiContext, id: string): ImageRecord {
  checkIdFormat(id, "ami", "InvalidAMIID.Malformed");
  const image = ctx.cloud.state.images[id];
  if (!image || image.region !== ctx.region || image.state === "deregistered") {
    throw new ApiError("InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
  }
  if (image.ownerId !== ACCOUNT_ID) throw new ApiError("AuthFailure", `Not authorized for image:${id}`);
  return image;
}

const deregisterImage: Ec2Handler = (ctx) => {
  const image = requireOwnImage(ctx, ctx.params.required("ImageId"));
  delete ctx.cloud.state.images[image.id];
  ctx.cloud.changed();
  return { return: true };
};

function snapshotXml(s: SnapshotRecord): XmlValue {
  return {
    snapshotId: s.id,
    volumeId: s.volumeId,
    status: s.state,
    startTime: new Date(s.startTime),
    progress: s.state === "completed" ? "100%" : s.state === "pending" ? "50%" : "",
    ownerId: s.ownerId,
    ownerAlias: s.ownerAlias,
    volumeSize: s.volumeSize,
    description: s.description,
    encrypted: false,
    storageTier: "standard",
    tagSet: s.tags.length > 0 ? tagSet(s.tags) : undefined,
  };
}

const SNAPSHOT_FILTERS = {
  "snapshot-id": (s: SnapshotRecord) => s.id,
  status: (s: SnapshotRecord) => s.state,
  "owner-id": (s: SnapshotRecord) => s.ownerId,
  "owner-alias": (s: SnapshotRecord) => s.ownerAlias,
  "volume-id": (s: SnapshotRecord) => s.volumeId,
  "volume-size": (s: SnapshotRecord) => String(s.volumeSize),
  description: (s: SnapshotRecord) => s.description,
};

const describeSnapshots: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("SnapshotId");
  const owners = ctx.params.strings("Owner");
  let pool = Object.values(ctx.cloud.state.snapshots).filter((s) => s.region === ctx.region);
  if (ids.length > 0) {
    for (const id of ids) checkIdFormat(id, "snap", "InvalidSnapshotID.Malformed");
    const missing = ids.filter((id) => !pool.some((s) => s.id === id));
    if (missing.length > 0) throw new ApiError("InvalidSnapshot.NotFound", `The snapshot '${missing.join(", ")}' does not exist.`);
    pool = pool.filter((s) => ids.includes(s.id));
  } else if (owners.length > 0) {
    pool = pool.filter((s) => owners.some((o) => (o === "self" ? s.ownerId === ACCOUNT_ID : o === "amazon" ? s.ownerAlias === "amazon" : s.ownerId === o)));
  } else {
    pool = pool.filter((s) => s.ownerId === ACCOUNT_ID);
  }
  const snapshots = applyFilters(pool, filtersOf(ctx.params), SNAPSHOT_FILTERS, (s) => s.tags).sort((a, b) => a.startTime - b.startTime);
  const page = paginate(ctx.params, snapshots, { min: 5, max: 1000 }, ids.length > 0);
  return { snapshotSet: page.items.map(snapshotXml), nextToken: page.nextToken };
};

const deleteSnapshot: Ec2Handler = async (ctx) => {
  const id = ctx.params.required("SnapshotId");
  checkIdFormat(id, "snap", "InvalidSnapshotID.Malformed");
  const snapshot = ctx.cloud.state.snapshots[id];
  if (!snapshot || snapshot.region !== ctx.region) throw new ApiError("InvalidSnapshot.NotFound", `The snapshot '${id}' does not exist.`);
  if (snapshot.ownerId !== ACCOUNT_ID) throw new ApiError("AuthFailure", `Not authorized for snapshot:${id}`);
  const user = Object.values(ctx.cloud.state.images).find((i) => i.snapshotId === id && i.state !== "deregistered");
  if (user) throw new ApiError("InvalidSnapshot.InUse", `The snapshot ${id} is currently in use by ${user.id}`);
  delete ctx.cloud.state.snapshots[id];
  ctx.cloud.changed();
  await releaseLayer(ctx.cloud, snapshot.layerDir);
  return { return: true };
};

export const imageHandlers: Record<string, Ec2Handler> = {
  DescribeImages: describeImages,
  CreateImage: createImageHandler,
  CopyImage: copyImageHandler,
  DeregisterImage: deregisterImage,
  DescribeSnapshots: describeSnapshots,
  DeleteSnapshot: deleteSnapshot,
};
