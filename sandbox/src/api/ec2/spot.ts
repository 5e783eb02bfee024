// Spot capacity as bake tools ask for it: RequestSpotInstances / DescribeSpotInstanceRequests /
// CancelSpotInstanceRequests (one-time requests), CreateFleet of type `instant` from a launch template
// (what Packer's amazon builders use since 1.5), and DescribeSpotPriceHistory. The sandbox always has
// spare capacity: a request is fulfilled at once, at a price below any sensible maximum.

import { randomBytes, randomUUID } from "node:crypto";
import type { Cloud } from "../../model/cloud.js";
import { launchInstances } from "../../model/instances.js";
import { findLaunchTemplate, resolveVersion } from "../../model/launch-templates.js";
import { zonesOf } from "../../model/network.js";
import type { InstanceRecord, SpotRequestRecord, Tag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, filtersOf, paginate, tagSet, tagSpecs } from "./common.js";

/** A made-up on-demand price per hour (USD), larger for larger sizes; spot costs 30% of it. */
export function onDemandPrice(instanceType: string): number {
  const size = instanceType.split(".")[1] ?? "large";
  const factors: Record<string, number> = { nano: 0.0625, micro: 0.125, small: 0.25, medium: 0.5, large: 1, xlarge: 2 };
  const factor = factors[size] ?? (/^(\d+)xlarge$/.test(size) ? 2 * Number(size.replace("xlarge", "")) : 1);
  return 0.0832 * factor;
}

export function spotPrice(instanceType: string): string {
  return (onDemandPrice(instanceType) * 0.3).toFixed(6);
}

function newSpotRequestId(): string {
  return `sir-${randomBytes(4).toString("hex")}`;
}

function spotRequests(cloud: Cloud): Record<string, SpotRequestRecord> {
  return (cloud.state.spotRequests ??= {});
}

/** Launches one spot instance for a new request and records both. */
function fulfil(ctx: ApiContext, request: Omit<SpotRequestRecord, "id" | "region" | "createTime" | "instanceId" | "tags">, launch: Parameters<typeof launchInstances>[1], tags: Tag[]): { record: SpotRequestRecord; instance: InstanceRecord } {
  const maxPrice = Number(request.spotPrice);
  if (!Number.isFinite(maxPrice) || maxPrice <= 0) throw new ApiError("InvalidParameterValue", `Invalid value '${request.spotPrice}' for SpotPrice. It must be a positive number.`);
  if (maxPrice < Number(spotPrice(request.instanceType))) {
    throw new ApiError("SpotMaxPriceTooLow", `Your Spot request price of ${request.spotPrice} is lower than the minimum required Spot request fulfillment price of ${spotPrice(request.instanceType)}.`);
  }
  const [instance] = launchInstances(ctx.cloud, { ...launch, count: 1 });
  const record: SpotRequestRecord = { ...request, id: newSpotRequestId(), region: ctx.region, createTime: ctx.cloud.now(), instanceId: instance!.id, availabilityZone: instance!.az, tags };
  instance!.spotRequestId = record.id;
  spotRequests(ctx.cloud)[record.id] = record;
  ctx.cloud.changed();
  return { record, instance: instance! };
}

/** State and status as AWS reports them over a request's life. */
function statusOf(cloud: Cloud, r: SpotRequestRecord): { state: string; code: string; message: string } {
  const instance = r.instanceId ? cloud.state.instances[r.instanceId] : undefined;
  const gone = !instance || instance.state === "terminated" || instance.state === "shutting-down";
  if (r.cancelled) {
    return gone
      ? { state: "cancelled", code: "canceled-before-fulfillment", message: "Your Spot request was canceled." }
      : { state: "cancelled", code: "request-canceled-and-instance-running", message: "Your Spot request is canceled, but your instance is still running." };
  }
  if (gone) return { state: "closed", code: "instance-terminated-by-user", message: "Spot Instance termination request was initiated by you." };
  return { state: "active", code: "fulfilled", message: "Your spot request is fulfilled." };
}

function requestXml(cloud: Cloud, r: SpotRequestRecord, initial = false): XmlValue {
  const status = initial ? { state: "open", code: "pending-evaluation", message: "Your Spot request has been submitted for review, and is pending evaluation." } : statusOf(cloud, r);
  const instance = r.instanceId ? cloud.state.instances[r.instanceId] : undefined;
  return {
    spotInstanceRequestId: r.id,
    spotPrice: r.spotPrice,
    type: "one-time",
    state: status.state,
    status: { code: status.code, updateTime: new Date(cloud.now()), message: status.message },
    launchSpecification: {
      imageId: r.imageId,
      keyName: r.keyName,
      instanceType: r.instanceType,
      placement: { availabilityZone: r.availabilityZone },
      groupSet: instance ? instance.securityGroupIds.map((id) => ({ groupId: id, groupName: cloud.state.securityGroups[id]?.name ?? "" })) : [],
      monitoring: { enabled: false },
    },
    instanceId: initial ? undefined : r.instanceId,
    createTime: new Date(r.createTime),
    productDescription: "Linux/UNIX",
    launchedAvailabilityZone: initial ? undefined : r.availabilityZone,
    instanceInterruptionBehavior: "terminate",
    tagSet: r.tags.length > 0 ? tagSet(r.tags) : undefined,
  };
}

const requestSpotInstances: Ec2Handler = (ctx) => {
  const p = ctx.params;
  const type = p.str("Type") ?? "one-time";
  if (type !== "one-time") throw new ApiError("UnsupportedOperation", "The sandbox supports one-time spot requests only.");
  const count = p.int("InstanceCount") ?? 1;
  if (count < 1 || count > 20) throw new ApiError("InvalidParameterValue", `Invalid value '${count}' for InstanceCount.`);
  const spec = p.struct("LaunchSpecification");
  const imageId = spec.str("ImageId");
  if (!imageId) throw new ApiError("MissingParameter", "The request must contain the parameter LaunchSpecification.ImageId");
  const instanceType = spec.str("InstanceType") ?? "m1.small";
  const groupIds = [...spec.strings("SecurityGroupId"), ...securityGroupsByName(ctx, spec.strings("SecurityGroup"))];
  const requestTags = tagSpecs(p, "spot-instances-request");
  const made: SpotRequestRecord[] = [];
  for (let n = 0; n < count; n++) {
    const { record } = fulfil(
      ctx,
      { spotPrice: p.str("SpotPrice") ?? onDemandPrice(instanceType).toFixed(6), instanceType, imageId, keyName: spec.str("KeyName"), availabilityZone: "" },
      {
        region: ctx.region,
        imageId,
        instanceType,
        keyName: spec.str("KeyName"),
        securityGroupIds: groupIds,
        subnetId: spec.str("SubnetId") ?? spec.list("NetworkInterface")[0]?.str("SubnetId"),
        availabilityZone: spec.struct("Placement").str("AvailabilityZone") ?? p.str("AvailabilityZoneGroup"),
        userData: spec.str("UserData"),
        tags: [],
        count: 1,
      },
      requestTags.map((t) => ({ ...t })),
    );
    made.push(record);
  }
  return { spotInstanceRequestSet: made.map((r) => requestXml(ctx.cloud, r, true)) };
};

function securityGroupsByName(ctx: ApiContext, names: string[]): string[] {
  return names.map((name) => {
    const group = Object.values(ctx.cloud.state.securityGroups).find((g) => g.region === ctx.region && g.name === name);
    if (!group) throw new ApiError("InvalidGroup.NotFound", `The security group '${name}' does not exist in default VPC`);
    return group.id;
  });
}

function requireRequests(ctx: ApiContext, ids: string[]): SpotRequestRecord[] {
  const all = spotRequests(ctx.cloud);
  return ids.map((id) => {
    const r = all[id];
    if (!r || r.region !== ctx.region) throw new ApiError("InvalidSpotInstanceRequestID.NotFound", `The spot instance request ID '${id}' does not exist`);
    return r;
  });
}

const describeSpotInstanceRequests: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("SpotInstanceRequestId");
  const pool = ids.length > 0 ? requireRequests(ctx, ids) : Object.values(spotRequests(ctx.cloud)).filter((r) => r.region === ctx.region);
  const fields = {
    "spot-instance-request-id": (r: SpotRequestRecord) => r.id,
    state: (r: SpotRequestRecord) => statusOf(ctx.cloud, r).state,
    "status-code": (r: SpotRequestRecord) => statusOf(ctx.cloud, r).code,
    "instance-id": (r: SpotRequestRecord) => r.instanceId,
    "launch.instance-type": (r: SpotRequestRecord) => r.instanceType,
    "launch.image-id": (r: SpotRequestRecord) => r.imageId,
    "launched-availability-zone": (r: SpotRequestRecord) => r.availabilityZone,
    type: () => "one-time",
  };
  const selected = applyFilters(pool, filtersOf(ctx.params), fields, (r) => r.tags).sort((a, b) => a.createTime - b.createTime);
  const page = paginate(ctx.params, selected, { min: 5, max: 1000 }, ids.length > 0);
  return { spotInstanceRequestSet: page.items.map((r) => requestXml(ctx.cloud, r)), nextToken: page.nextToken };
};

const cancelSpotInstanceRequests: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("SpotInstanceRequestId");
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter SpotInstanceRequestId");
  const requests = requireRequests(ctx, ids);
  // Cancelling leaves the request's instance running, as on AWS; TerminateInstances ends it.
  for (const r of requests) r.cancelled = true;
  ctx.cloud.changed();
  return { spotInstanceRequestSet: requests.map((r) => ({ spotInstanceRequestId: r.id, state: "cancelled" })) };
};

const describeSpotPriceHistory: Ec2Handler = (ctx) => {
  const types = ctx.params.strings("InstanceType");
  const products = ctx.params.strings("ProductDescription");
  const zone = ctx.params.str("AvailabilityZone");
  const zones = zonesOf(ctx.region).map((z) => z.name).filter((z) => !zone || z === zone);
  const rows: Array<{ az: string; type: string; product: string }> = [];
  for (const type of types.length > 0 ? types : ["t3.micro", "t3.small", "t3.medium", "m5.large"]) {
    for (const product of products.length > 0 ? products : ["Linux/UNIX"]) {
      for (const az of zones) rows.push({ az, type, product });
    }
  }
  const fields = {
    "availability-zone": (r: (typeof rows)[number]) => r.az,
    "instance-type": (r: (typeof rows)[number]) => r.type,
    "product-description": (r: (typeof rows)[number]) => r.product,
    "spot-price": (r: (typeof rows)[number]) => spotPrice(r.type),
  };
  const selected = applyFilters(rows, filtersOf(ctx.params), fields, () => []);
  const page = paginate(ctx.params, selected, { min: 1, max: 1000 }, false);
  // The price has been the same for the last hour.
  const timestamp = new Date(Math.floor(ctx.cloud.now() / 3_600_000) * 3_600_000);
  return {
    spotPriceHistorySet: page.items.map((r) => ({ availabilityZone: r.az, instanceType: r.type, productDescription: r.product, spotPrice: spotPrice(r.type), timestamp })),
    nextToken: page.nextToken,
  };
};

interface FleetConfig {
  templateId?: string;
  templateName?: string;
  version?: string;
  overrides: FormParams[];
}

const createFleet: Ec2Handler = (ctx) => {
  const p = ctx.params;
  const type = p.str("Type") ?? "maintain";
  if (type !== "instant") throw new ApiError("UnsupportedOperation", `The sandbox supports fleets of type 'instant' only, not '${type}'.`);
  const capacity = p.struct("TargetCapacitySpecification");
  const total = capacity.int("TotalTargetCapacity");
  if (total === undefined) throw new ApiError("MissingParameter", "The request must contain the parameter TargetCapacitySpecification.TotalTargetCapacity");
  const defaultType = capacity.str("DefaultTargetCapacityType") ?? "on-demand";
  const onDemand = capacity.int("OnDemandTargetCapacity") ?? (defaultType === "on-demand" ? total : 0);
  const configs: FleetConfig[] = p.list("LaunchTemplateConfigs").map((c) => {
    const spec = c.struct("LaunchTemplateSpecification");
    return { templateId: spec.str("LaunchTemplateId"), templateName: spec.str("LaunchTemplateName"), version: spec.str("Version"), overrides: c.list("Overrides") };
  });
  if (configs.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter LaunchTemplateConfigs");
  const config = configs[0]!;
  const lt = findLaunchTemplate(ctx.cloud, ctx.region, config.templateId, config.templateName);
  const version = resolveVersion(lt, config.version);
  const data = version.data;
  // The cheapest override wins (lowest-price allocation); without overrides the template decides.
  const choices = config.overrides.length > 0 ? config.overrides : [undefined];
  const chosen = choices
    .map((o) => ({ o, instanceType: o?.str("InstanceType") ?? data.instanceType ?? "m1.small" }))
    .sort((a, b) => onDemandPrice(a.instanceType) - onDemandPrice(b.instanceType))[0]!;
  const imageId = o(chosen.o, "ImageId") ?? data.imageId;
  if (!imageId) throw new ApiError("InvalidLaunchTemplate.MissingParameter", "The launch template does not name an image (ImageId).");
  const fleetId = `fleet-${randomUUID()}`;
  const instanceTags = [
    ...(data.tagSpecifications ?? []).filter((s) => s.resourceType === "instance").flatMap((s) => s.tags),
    ...tagSpecs(p, "instance"),
    { key: "aws:ec2:fleet-id", value: fleetId },
    { key: "aws:ec2launchtemplate:id", value: lt.id },
    { key: "aws:ec2launchtemplate:version", value: String(version.number) },
  ];
  const launch = {
    region: ctx.region,
    imageId,
    instanceType: chosen.instanceType,
    keyName: data.keyName,
    securityGroupIds: [...(data.securityGroupIds ?? []), ...securityGroupsByName(ctx, data.securityGroups ?? [])],
    subnetId: o(chosen.o, "SubnetId") ?? data.subnetId,
    availabilityZone: o(chosen.o, "AvailabilityZone") ?? data.availabilityZone,
    userData: data.userData,
    tags: instanceTags,
    launchTemplate: { id: lt.id, name: lt.name, version: String(version.number) },
    count: 1,
  };
  const spot: InstanceRecord[] = [];
  const onDemandInstances: InstanceRecord[] = [];
  for (let n = 0; n < total; n++) {
    if (n < onDemand) {
      onDemandInstances.push(...launchInstances(ctx.cloud, launch));
    } else {
      const maxPrice = p.struct("SpotOptions").str("MaxTotalPrice") ?? data.maxPrice ?? onDemandPrice(chosen.instanceType).toFixed(6);
      spot.push(fulfil(ctx, { spotPrice: maxPrice, instanceType: chosen.instanceType, imageId, keyName: data.keyName, availabilityZone: "" }, launch, []).instance);
    }
  }
  const group = (instances: InstanceRecord[], lifecycle: string): XmlValue[] =>
    instances.length === 0
      ? []
      : [
          {
            launchTemplateAndOverrides: {
              launchTemplateSpecification: { launchTemplateId: lt.id, version: String(version.number) },
              overrides: { instanceType: chosen.instanceType, subnetId: instances[0]!.subnetId, availabilityZone: instances[0]!.az },
            },
            lifecycle,
            instanceIds: instances.map((i) => i.id),
            instanceType: chosen.instanceType,
          },
        ];
  return { fleetId, errorSet: [], fleetInstanceSet: [...group(spot, "spot"), ...group(onDemandInstances, "on-demand")] };
};

function o(override: FormParams | undefined, name: string): string | undefined {
  return override?.str(name);
}

export const spotHandlers: Record<string, Ec2Handler> = {
  RequestSpotInstances: requestSpotInstances,
  DescribeSpotInstanceRequests: describeSpotInstanceRequests,
  CancelSpotInstanceRequests: cancelSpotInstanceRequests,
  DescribeSpotPriceHistory: describeSpotPriceHistory,
  CreateFleet: createFleet,
};
