// EC2 instance calls: RunInstances, DescribeInstances, DescribeInstanceStatus, Stop/Start/TerminateInstances,
// GetConsoleOutput.

import type { Cloud } from "../../model/cloud.js";
import { ACCOUNT_ID, rootVolumeId } from "../../model/ids.js";
import { consoleOutputOf, launchInstances, startInstance, stopInstance, terminateInstance } from "../../model/instances.js";
import { findLaunchTemplate, resolveVersion } from "../../model/launch-templates.js";
import type { InstanceRecord, InstanceStateName, LaunchTemplateRef, Tag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, checkIdFormat, filtersOf, instanceState, paginate, tagSet, tagSpecs } from "./common.js";

export function instanceXml(cloud: Cloud, i: InstanceRecord): XmlValue {
  const groups = i.securityGroupIds.map((id) => ({ groupName: cloud.state.securityGroups[id]?.name ?? "", groupId: id }));
  const image = cloud.state.images[i.imageId];
  const live = i.state !== "terminated";
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceState: instanceState(i.state),
    privateDnsName: live ? `ip-${i.ip.replaceAll(".", "-")}.ec2.internal` : "",
    dnsName: live && i.state !== "stopped" && i.state !== "stopping" ? `ec2-${i.ip.replaceAll(".", "-")}.compute-1.amazonaws.com` : "",
    reason: i.stateTransitionReason,
    keyName: i.keyName,
    amiLaunchIndex: i.launchIndex,
    productCodes: [],
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime),
    placement: { availabilityZone: i.az, groupName: "", tenancy: "default" },
    monitoring: { state: "disabled" },
    subnetId: live ? i.subnetId : undefined,
    vpcId: live ? i.vpcId : undefined,
    privateIpAddress: live ? i.ip : undefined,
    ipAddress: live && i.state !== "stopped" && i.state !== "stopping" ? i.ip : undefined,
    sourceDestCheck: i.attributes?.sourceDestCheck ?? true,
    groupSet: groups,
    stateReason: i.stateReason ? { code: i.stateReason.code, message: i.stateReason.message } : undefined,
    architecture: image?.architecture ?? "x86_64",
    rootDeviceType: "ebs",
    rootDeviceName: image?.rootDeviceName ?? "/dev/xvda",
    blockDeviceMapping: live
      ? [{ deviceName: image?.rootDeviceName ?? "/dev/xvda", ebs: { volumeId: rootVolumeId(i.id), status: "attached", attachTime: new Date(i.launchTime), deleteOnTermination: true } }]
      : [],
    virtualizationType: "hvm",
    clientToken: i.clientToken ?? "",
    tagSet: i.tags.length > 0 ? tagSet(i.tags) : undefined,
    hypervisor: "xen",
    ebsOptimized: i.attributes?.ebsOptimized ?? false,
    enaSupport: i.attributes?.enaSupport ?? true,
    sriovNetSupport: i.attributes?.sriovNetSupport,
    instanceLifecycle: i.spotRequestId ? "spot" : undefined,
    spotInstanceRequestId: i.spotRequestId,
    metadataOptions: { state: "applied", httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled" },
  };
}

function reservationXml(cloud: Cloud, instances: InstanceRecord[]): XmlValue {
  return {
    reservationId: instances[0]!.reservationId,
    ownerId: ACCOUNT_ID,
    groupSet: [],
    instancesSet: instances.map((i) => instanceXml(cloud, i)),
  };
}

function byReservation(instances: InstanceRecord[]): InstanceRecord[][] {
  const map = new Map<string, InstanceRecord[]>();
  for (const i of instances) {
    const list = map.get(i.reservationId) ?? [];
    list.push(i);
    map.set(i.reservationId, list);
  }
  return [...map.values()];
}

export function requireInstance(ctx: ApiContext, id: string): InstanceRecord {
  checkIdFormat(id, "i", "InvalidInstanceID.Malformed");
  const instance = ctx.cloud.state.instances[id];
  if (!instance || instance.region !== ctx.region) throw new ApiError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
  return instance;
}

function requireInstances(ctx: ApiContext, ids: string[]): InstanceRecord[] {
  const missing: string[] = [];
  const found: InstanceRecord[] = [];
  for (const id of ids) {
    checkIdFormat(id, "i", "InvalidInstanceID.Malformed");
    const instance = ctx.cloud.state.instances[id];
    if (!instance || instance.region !== ctx.region) missing.push(id);
    else found.push(instance);
  }
  if (missing.length === 1) throw new ApiError("InvalidInstanceID.NotFound", `The instance ID '${missing[0]}' does not exist`);
  if (missing.length > 1) throw new ApiError("InvalidInstanceID.NotFound", `The instance IDs '${missing.join(", ")}' do not exist`);
  return found;
}

const runInstances: Ec2Handler = (ctx) => {
  const { params, cloud, region } = ctx;
  const minCount = params.requiredInt("MinCount");
  const maxCount = params.requiredInt("MaxCount");
  if (minCount < 1 || maxCount < minCount) {
    throw new ApiError("InvalidParameterValue", `MinCount (${minCount}) must be at least 1 and not above MaxCount (${maxCount})`);
  }
  const clientToken = params.str("ClientToken");
  if (clientToken) {
    const previous = Object.values(cloud.state.instances).filter((i) => i.region === region && i.clientToken === clientToken);
    if (previous.length > 0) return reservationXml(cloud, previous.sort((a, b) => a.launchIndex - b.launchIndex)) as Record<string, XmlValue>;
  }
  let templateRef: LaunchTemplateRef | undefined;
  let fromTemplate: ReturnType<typeof resolveVersion>["data"] = {};
  if (params.has("LaunchTemplate")) {
    const spec = params.struct("LaunchTemplate");
    const lt = findLaunchTemplate(cloud, region, spec.str("LaunchTemplateId"), spec.str("LaunchTemplateName"));
    const version = resolveVersion(lt, spec.str("Version"));
    fromTemplate = version.data;
    templateRef = { id: lt.id, name: lt.name, version: String(version.number) };
  }
  const imageId = params.str("ImageId") ?? fromTemplate.imageId;
  if (!imageId) throw new ApiError("MissingParameter", "The request must contain the parameter ImageId");
  const securityGroupIds = params.strings("SecurityGroupId");
  const groupNames = params.strings("SecurityGroup");
  const ids = securityGroupIds.length > 0 || groupNames.length > 0 ? securityGroupIds : [...(fromTemplate.securityGroupIds ?? [])];
  for (const name of groupNames.length > 0 ? groupNames : securityGroupIds.length > 0 ? [] : (fromTemplate.securityGroups ?? [])) {
    const group = Object.values(cloud.state.securityGroups).find((g) => g.region === region && g.name === name);
    if (!group) throw new ApiError("InvalidGroup.NotFound", `The security group '${name}' does not exist in default VPC`);
    ids.push(group.id);
  }
  const tags: Tag[] = [];
  for (const spec of fromTemplate.tagSpecifications ?? []) if (spec.resourceType === "instance") tags.push(...spec.tags);
  for (const tag of tagSpecs(params, "instance")) {
    const existing = tags.findIndex((t) => t.key === tag.key);
    if (existing >= 0) tags.splice(existing, 1);
    tags.push(tag);
  }
  if (templateRef) {
    tags.push({ key: "aws:ec2launchtemplate:id", value: templateRef.id }, { key: "aws:ec2launchtemplate:version", value: templateRef.version });
  }
  const volumeTags: Tag[] = [];
  for (const spec of fromTemplate.tagSpecifications ?? []) if (spec.resourceType === "volume") volumeTags.push(...spec.tags);
  volumeTags.push(...tagSpecs(params, "volume"));
  const userData = params.str("UserData") ?? fromTemplate.userData;
  if (userData !== undefined && !/^[A-Za-z0-9+/=\s]*$/.test(userData)) {
    throw new ApiError("InvalidUserData.Malformed", "User data must be base64 encoded.");
  }
  const instances = launchInstances(cloud, {
    region,
    imageId,
    instanceType: params.str("InstanceType") ?? fromTemplate.instanceType ?? "m1.small",
    keyName: params.str("KeyName") ?? fromTemplate.keyName,
    securityGroupIds: ids,
    subnetId: params.str("SubnetId") ?? params.list("NetworkInterface")[0]?.str("SubnetId"),
    availabilityZone: params.struct("Placement").str("AvailabilityZone"),
    userData,
    tags,
    launchTemplate: templateRef,
    clientToken,
    count: maxCount,
  });
  if (volumeTags.length > 0) for (const instance of instances) instance.rootVolumeTags = volumeTags.map((t) => ({ ...t }));
  return reservationXml(cloud, instances) as Record<string, XmlValue>;
};

const INSTANCE_FILTERS = {
  "instance-id": (i: InstanceRecord) => i.id,
  "image-id": (i: InstanceRecord) => i.imageId,
  "instance-state-name": (i: InstanceRecord) => i.state,
  "instance-state-code": (i: InstanceRecord) => String({ pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 }[i.state]),
  "instance-type": (i: InstanceRecord) => i.instanceType,
  "key-name": (i: InstanceRecord) => i.keyName,
  "subnet-id": (i: InstanceRecord) => i.subnetId,
  "vpc-id": (i: InstanceRecord) => i.vpcId,
  "availability-zone": (i: InstanceRecord) => i.az,
  "private-ip-address": (i: InstanceRecord) => i.ip,
  "ip-address": (i: InstanceRecord) => i.ip,
  "reservation-id": (i: InstanceRecord) => i.reservationId,
  "instance.group-id": (i: InstanceRecord) => i.securityGroupIds,
  "group-id": (i: InstanceRecord) => i.securityGroupIds,
  "client-token": (i: InstanceRecord) => i.clientToken,
  "launch-index": (i: InstanceRecord) => String(i.launchIndex),
};

function selectInstances(ctx: ApiContext): { instances: InstanceRecord[]; idsGiven: boolean } {
  const ids = ctx.params.strings("InstanceId");
  const pool = ids.length > 0 ? requireInstances(ctx, ids) : Object.values(ctx.cloud.state.instances).filter((i) => i.region === ctx.region);
  const instances = applyFilters(pool, filtersOf(ctx.params), INSTANCE_FILTERS, (i) => i.tags).sort((a, b) => a.launchTime - b.launchTime || a.launchIndex - b.launchIndex);
  return { instances, idsGiven: ids.length > 0 };
}

const describeInstances: Ec2Handler = (ctx) => {
  const { instances, idsGiven } = selectInstances(ctx);
  const page = paginate(ctx.params, instances, { min: 5, max: 1000 }, idsGiven);
  return {
    reservationSet: byReservation(page.items).map((group) => reservationXml(ctx.cloud, group)),
    nextToken: page.nextToken,
  };
};

const describeInstanceStatus: Ec2Handler = (ctx) => {
  const includeAll = ctx.params.bool("IncludeAllInstances") ?? false;
  const { instances, idsGiven } = selectInstances(ctx);
  const shown = instances.filter((i) => includeAll || i.state === "running");
  const page = paginate(ctx.params, shown, { min: 5, max: 1000 }, idsGiven);
  const now = ctx.cloud.now();
  return {
    instanceStatusSet: page.items.map((i) => {
      const status =
        i.state !== "running" ? "not-applicable" : now - i.stateSince >= ctx.cloud.timing.instanceStatusInitializingMs ? "ok" : "initializing";
      const reachability = status === "ok" ? "passed" : status === "initializing" ? "initializing" : "not-applicable";
      const summary = { status, details: status === "not-applicable" ? [] : [{ name: "reachability", status: reachability }] };
      // An instance failed by the unhealthy-after fault: its own checks fail, the host's still pass.
      const impaired = i.state === "running" && i.impairedSince !== undefined
        ? { status: "impaired", details: [{ name: "reachability", status: "failed", impairedSince: new Date(i.impairedSince) }] }
        : undefined;
      return {
        instanceId: i.id,
        availabilityZone: i.az,
        instanceState: instanceState(i.state),
        systemStatus: summary,
        instanceStatus: impaired ?? summary,
        eventsSet: [],
      };
    }),
    nextToken: page.nextToken,
  };
};

function stateChanges(ctx: ApiContext, action: (i: InstanceRecord) => void): Record<string, XmlValue> {
  const ids = ctx.params.strings("InstanceId");
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter InstanceId");
  const instances = requireInstances(ctx, ids);
  const before = new Map<string, InstanceStateName>(instances.map((i) => [i.id, i.state]));
  for (const instance of instances) action(instance);
  return {
    instancesSet: instances.map((i) => ({
      instanceId: i.id,
      currentState: instanceState(i.state),
      previousState: instanceState(before.get(i.id)!),
    })),
  };
}

/** ModifyInstanceAttribute's protections: nothing changes when one instance of the call is protected. */
function refuseProtected(ctx: ApiContext, attribute: "disableApiTermination" | "disableApiStop", verb: string): void {
  for (const id of ctx.params.strings("InstanceId")) {
    const instance = ctx.cloud.state.instances[id];
    if (instance?.region === ctx.region && instance.attributes?.[attribute] && instance.state !== "terminated") {
      throw new ApiError("OperationNotPermitted", `The instance '${id}' may not be ${verb}. Modify its '${attribute}' instance attribute and try again.`);
    }
  }
}

const stopInstances: Ec2Handler = (ctx) => {
  refuseProtected(ctx, "disableApiStop", "stopped");
  return stateChanges(ctx, (i) => stopInstance(ctx.cloud, i));
};
const startInstances: Ec2Handler = (ctx) => stateChanges(ctx, (i) => startInstance(ctx.cloud, i));
const terminateInstances: Ec2Handler = (ctx) => {
  refuseProtected(ctx, "disableApiTermination", "terminated");
  return stateChanges(ctx, (i) => terminateInstance(ctx.cloud, i));
};

const getConsoleOutput: Ec2Handler = (ctx) => {
  const instance = requireInstance(ctx, ctx.params.required("InstanceId"));
  const output = consoleOutputOf(ctx.cloud, instance);
  return {
    instanceId: instance.id,
    timestamp: new Date(ctx.cloud.now()),
    output: output ? Buffer.from(output, "utf8").toString("base64") : undefined,
  };
};

export const instanceHandlers: Record<string, Ec2Handler> = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  DescribeInstanceStatus: describeInstanceStatus,
  StopInstances: stopInstances,
  StartInstances: startInstances,
  TerminateInstances: terminateInstances,
  GetConsoleOutput: getConsoleOutput,
};
