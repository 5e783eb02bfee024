// Finding what bakes left in the cloud: instances, key pairs and security groups carrying
// `roll:bake-id`, and images and snapshots still marked `roll:temporary` (a finished bake takes that
// mark off its image). Whether a bake is dead is not decided here: the caller knows the app locks.

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  type Filter,
  type Tag,
} from "@aws-sdk/client-ec2";
import type { CloudClients } from "../../cloud/target.js";
import { call } from "../amazon-ebs/aws.js";
import { snapshotIdsOf } from "../amazon-ebs/images.js";
import { APP_TAG, BAKE_ID_TAG, TEMPORARY_TAG } from "../amazon-ebs/tags.js";

export type LeftoverKind = "instance" | "key-pair" | "security-group" | "image" | "snapshot" | "resource-group";

export interface BakeResource {
  kind: LeftoverKind;
  id: string;
  region: string;
  bakeId: string;
  /** The app whose lock the bake held; absent on resources tagged before roll:app was added. */
  app?: string;
  /** The cloud's state of it (running, stopped, available, …) when it has one. */
  state?: string;
  /** Snapshots of an image, removed with it. */
  snapshotIds?: string[];
  name?: string;
}

const LIVE_INSTANCE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down"];

function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

function identity(tags: Tag[] | undefined): { bakeId: string; app?: string } {
  const app = tagValue(tags, APP_TAG);
  return { bakeId: tagValue(tags, BAKE_ID_TAG) ?? "unknown", ...(app ? { app } : {}) };
}

export interface FindOptions {
  regions: string[];
  /** Only this app's resources. */
  app?: string;
  signal?: AbortSignal;
}

async function findInRegion(clients: CloudClients, region: string, options: FindOptions): Promise<BakeResource[]> {
  const ec2 = clients.ec2(region);
  const abortSignal = options.signal;
  const appFilter: Filter[] = options.app ? [{ Name: `tag:${APP_TAG}`, Values: [options.app] }] : [];
  const ofBakes: Filter[] = [{ Name: "tag-key", Values: [BAKE_ID_TAG] }, ...appFilter];
  const temporary: Filter[] = [{ Name: `tag:${TEMPORARY_TAG}`, Values: ["true"] }, ...ofBakes];

  const [instances, keyPairs, groups, images, snapshots] = await Promise.all([
    call("DescribeInstances", () =>
      ec2.send(new DescribeInstancesCommand({ Filters: [...ofBakes, { Name: "instance-state-name", Values: LIVE_INSTANCE_STATES }] }), { abortSignal }),
    ),
    call("DescribeKeyPairs", () => ec2.send(new DescribeKeyPairsCommand({ Filters: ofBakes }), { abortSignal })),
    call("DescribeSecurityGroups", () => ec2.send(new DescribeSecurityGroupsCommand({ Filters: ofBakes }), { abortSignal })),
    call("DescribeImages", () => ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: temporary }), { abortSignal })),
    call("DescribeSnapshots", () => ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"], Filters: temporary }), { abortSignal })),
  ]);

  const found: BakeResource[] = [];
  for (const instance of (instances.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
    found.push({ kind: "instance", id: instance.InstanceId!, region, state: instance.State?.Name, ...identity(instance.Tags) });
  }
  for (const key of keyPairs.KeyPairs ?? []) found.push({ kind: "key-pair", id: key.KeyName!, region, ...identity(key.Tags) });
  for (const group of groups.SecurityGroups ?? []) {
    found.push({ kind: "security-group", id: group.GroupId!, region, name: group.GroupName, ...identity(group.Tags) });
  }
  const imageSnapshots = new Set<string>();
  for (const image of images.Images ?? []) {
    if (image.State === "deregistered") continue;
    const snapshotIds = snapshotIdsOf(image);
    snapshotIds.forEach((id) => imageSnapshots.add(id));
    found.push({ kind: "image", id: image.ImageId!, region, state: image.State, name: image.Name, snapshotIds, ...identity(image.Tags) });
  }
  for (const snapshot of snapshots.Snapshots ?? []) {
    if (imageSnapshots.has(snapshot.SnapshotId!)) continue;
    found.push({ kind: "snapshot", id: snapshot.SnapshotId!, region, state: snapshot.State, ...identity(snapshot.Tags) });
  }
  return found;
}

export async function findBakeResources(clients: CloudClients, options: FindOptions): Promise<BakeResource[]> {
  const regions = [...new Set(options.regions)];
  return (await Promise.all(regions.map((region) => findInRegion(clients, region, options)))).flat();
}

export interface BakeLeftovers {
  bakeId: string;
  app?: string;
  resources: BakeResource[];
}

/** Resources grouped by the bake that made them, in the order they were found. */
export function groupByBake(resources: BakeResource[]): BakeLeftovers[] {
  const bakes = new Map<string, BakeLeftovers>();
  for (const resource of resources) {
    let bake = bakes.get(resource.bakeId);
    if (!bake) bakes.set(resource.bakeId, (bake = { bakeId: resource.bakeId, ...(resource.app ? { app: resource.app } : {}), resources: [] }));
    bake.resources.push(resource);
  }
  return [...bakes.values()];
}

export function describeResource(resource: BakeResource): string {
  return `${resource.kind} ${resource.id}${resource.state ? ` (${resource.state})` : ""}`;
}
