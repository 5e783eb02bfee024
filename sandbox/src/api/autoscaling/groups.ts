// Auto Scaling groups: Create/Update/Delete/DescribeAutoScalingGroups, DescribeAutoScalingInstances,
// SetDesiredCapacity, SetInstanceHealth, TerminateInstanceInAutoScalingGroup.

import { randomUUID } from "node:crypto";
import { describeTime } from "../../model/activities.js";
import { activeRefresh, beginTermination, findGroup, groupKey, membersOf, requireGroup } from "../../model/groups.js";
import { ACCOUNT_ID } from "../../model/ids.js";
import { defaultSubnets, zonesOf } from "../../model/network.js";
import { cancelRefresh } from "../../model/refresh.js";
import type { GroupRecord, GroupTag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, QueryHandler } from "../context.js";
import { launchTemplateSpec, memberXml, paginateRecords, templateXml } from "./common.js";
import { activityXml } from "./activities.js";
import { validGroupTagKey } from "./tags.js";
import { targetGroupArnsOf } from "./target-groups.js";

function checkSizes(min: number, max: number, desired: number): void {
  if (min < 0 || max < 0) throw new ApiError("ValidationError", "MinSize and MaxSize must not be negative.");
  if (min > max) throw new ApiError("ValidationError", `Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) {
    throw new ApiError("ValidationError", `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
  }
}

function placementOf(ctx: ApiContext, params: FormParams): { zones: string[]; subnets: string[] } | undefined {
  const zoneNames = params.strings("AvailabilityZones");
  const vpcZoneIdentifier = params.str("VPCZoneIdentifier");
  if (zoneNames.length === 0 && !vpcZoneIdentifier) return undefined;
  const allSubnets = defaultSubnets(ctx.region);
  const subnets = (vpcZoneIdentifier ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const id of subnets) {
    if (!allSubnets.some((s) => s.id === id)) throw new ApiError("ValidationError", `The subnet ID '${id}' does not exist`);
  }
  const validZones = zonesOf(ctx.region).map((z) => z.name);
  for (const zone of zoneNames) if (!validZones.includes(zone)) throw new ApiError("ValidationError", `Invalid Availability Zone: ${zone}`);
  const zones = zoneNames.length > 0 ? zoneNames : [...new Set(subnets.map((id) => allSubnets.find((s) => s.id === id)!.az))];
  return { zones, subnets };
}

function tagsOf(params: FormParams, groupName: string): GroupTag[] {
  return params.list("Tags").map((t) => {
    const resourceId = t.str("ResourceId");
    if (resourceId !== undefined && resourceId !== groupName) throw new ApiError("ValidationError", `Tag ResourceId ${resourceId} does not match the group ${groupName}`);
    const key = validGroupTagKey(t.required("Key"));
    return { key, value: t.raw("Value") ?? "", propagateAtLaunch: t.bool("PropagateAtLaunch") ?? false };
  });
}

const createGroup: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const name = params.required("AutoScalingGroupName");
  if (name.length > 255) throw new ApiError("ValidationError", "AutoScalingGroupName must be at most 255 characters.");
  if (findGroup(cloud, region, name)) {
    throw new ApiError("AlreadyExists", `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`);
  }
  if (params.has("LaunchConfigurationName") || params.has("MixedInstancesPolicy") || params.has("InstanceId")) {
    throw new ApiError("ValidationError", "The sandbox supports groups with a LaunchTemplate only.");
  }
  if (!params.has("LaunchTemplate")) throw new ApiError("ValidationError", "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
  const launchTemplate = launchTemplateSpec(cloud, region, params.struct("LaunchTemplate"));
  const min = params.requiredInt("MinSize");
  const max = params.requiredInt("MaxSize");
  const desired = params.int("DesiredCapacity") ?? min;
  checkSizes(min, max, desired);
  const placement = placementOf(ctx, params);
  if (!placement) throw new ApiError("ValidationError", "At least one Availability Zone or VPC Subnet is required.");
  const healthCheckType = params.str("HealthCheckType") ?? "EC2";
  if (!["EC2", "ELB", "VPC_LATTICE", "EBS"].includes(healthCheckType)) throw new ApiError("ValidationError", `Invalid HealthCheckType: ${healthCheckType}`);
  const group: GroupRecord = {
    name,
    arn: `arn:aws:autoscaling:${region}:${ACCOUNT_ID}:autoScalingGroup:${randomUUID()}:autoScalingGroupName/${name}`,
    region,
    launchTemplate,
    minSize: min,
    maxSize: max,
    desiredCapacity: desired,
    availabilityZones: placement.zones,
    subnetIds: placement.subnets,
    healthCheckType,
    healthCheckGracePeriod: params.int("HealthCheckGracePeriod") ?? 0,
    defaultInstanceWarmup: params.int("DefaultInstanceWarmup"),
    defaultCooldown: params.int("DefaultCooldown") ?? 300,
    terminationPolicies: params.strings("TerminationPolicies").length > 0 ? params.strings("TerminationPolicies") : ["Default"],
    tags: tagsOf(params, name),
    createdTime: cloud.now(),
    targetGroupArns: targetGroupArnsOf(cloud, region, params),
  };
  cloud.state.groups[groupKey(region, name)] = group;
  cloud.changed();
  return undefined;
};

const updateGroup: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const group = requireGroup(cloud, region, params.required("AutoScalingGroupName"));
  if (group.deleting) throw new ApiError("ScalingActivityInProgress", "The group is being deleted.");
  const min = params.int("MinSize") ?? group.minSize;
  const max = params.int("MaxSize") ?? group.maxSize;
  let desired = params.int("DesiredCapacity");
  if (desired === undefined) desired = Math.min(max, Math.max(min, group.desiredCapacity));
  checkSizes(min, max, desired);
  if (params.has("LaunchTemplate")) group.launchTemplate = launchTemplateSpec(cloud, region, params.struct("LaunchTemplate"));
  const placement = placementOf(ctx, params);
  if (placement) {
    group.availabilityZones = placement.zones;
    group.subnetIds = placement.subnets;
  }
  group.minSize = min;
  group.maxSize = max;
  group.desiredCapacity = desired;
  group.healthCheckType = params.str("HealthCheckType") ?? group.healthCheckType;
  group.healthCheckGracePeriod = params.int("HealthCheckGracePeriod") ?? group.healthCheckGracePeriod;
  group.defaultInstanceWarmup = params.int("DefaultInstanceWarmup") ?? group.defaultInstanceWarmup;
  group.defaultCooldown = params.int("DefaultCooldown") ?? group.defaultCooldown;
  cloud.changed();
  return undefined;
};

const deleteGroup: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const group = requireGroup(cloud, region, params.required("AutoScalingGroupName"));
  const force = params.bool("ForceDelete") ?? false;
  const members = membersOf(cloud, group);
  if (!force && members.length > 0) {
    throw new ApiError("ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
  }
  if (!force && activeRefresh(cloud, group)) {
    throw new ApiError("ScalingActivityInProgress", "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.");
  }
  if (activeRefresh(cloud, group)) cancelRefresh(cloud, group);
  group.deleting = true;
  group.desiredCapacity = 0;
  group.minSize = 0;
  cloud.changed();
  return undefined;
};

function groupXml(ctx: ApiContext, group: GroupRecord): XmlValue {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchTemplate: templateXml(group.launchTemplate),
    MinSize: group.minSize,
    MaxSize: group.maxSize,
    DesiredCapacity: group.desiredCapacity,
    DefaultCooldown: group.defaultCooldown,
    AvailabilityZones: group.availabilityZones,
    LoadBalancerNames: [],
    TargetGroupARNs: group.targetGroupArns ?? [],
    HealthCheckType: group.healthCheckType,
    HealthCheckGracePeriod: group.healthCheckGracePeriod,
    Instances: membersOf(ctx.cloud, group).map((i) => memberXml(i)),
    CreatedTime: new Date(group.createdTime),
    SuspendedProcesses: [],
    VPCZoneIdentifier: group.subnetIds.length > 0 ? group.subnetIds.join(",") : undefined,
    EnabledMetrics: [],
    Status: group.deleting ? "Delete in progress" : undefined,
    Tags: group.tags.map((t) => ({ ResourceId: group.name, ResourceType: "auto-scaling-group", Key: t.key, Value: t.value, PropagateAtLaunch: t.propagateAtLaunch })),
    TerminationPolicies: group.terminationPolicies,
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    DefaultInstanceWarmup: group.defaultInstanceWarmup,
    TrafficSources: (group.targetGroupArns ?? []).map((arn) => ({ Identifier: arn, Type: "elbv2" })),
  };
}

const describeGroups: QueryHandler = (ctx) => {
  const names = ctx.params.strings("AutoScalingGroupNames");
  let groups = Object.values(ctx.cloud.state.groups).filter((g) => g.region === ctx.region && (names.length === 0 || names.includes(g.name)));
  for (const filter of ctx.params.list("Filters")) {
    const name = filter.required("Name");
    const values = filter.strings("Values");
    groups = groups.filter((g) => {
      if (name === "tag-key") return g.tags.some((t) => values.includes(t.key));
      if (name === "tag-value") return g.tags.some((t) => values.includes(t.value));
      if (name.startsWith("tag:")) return g.tags.some((t) => t.key === name.slice(4) && values.includes(t.value));
      throw new ApiError("ValidationError", `Filter name ${name} is not supported.`);
    });
  }
  groups.sort((a, b) => a.name.localeCompare(b.name));
  const page = paginateRecords(ctx.params, groups, 50, 100);
  return { AutoScalingGroups: page.items.map((g) => groupXml(ctx, g)), NextToken: page.nextToken };
};

function groupMembers(ctx: ApiContext) {
  return Object.values(ctx.cloud.state.groups)
    .filter((g) => g.region === ctx.region)
    .flatMap((g) => membersOf(ctx.cloud, g).map((i) => ({ group: g, instance: i })));
}

const describeInstances: QueryHandler = (ctx) => {
  const ids = ctx.params.strings("InstanceIds");
  const rows = groupMembers(ctx).filter((r) => ids.length === 0 || ids.includes(r.instance.id));
  const page = paginateRecords(ctx.params, rows, 50, 50);
  return { AutoScalingInstances: page.items.map((r) => memberXml(r.instance, r.group)), NextToken: page.nextToken };
};

function requireMember(ctx: ApiContext, instanceId: string) {
  const row = groupMembers(ctx).find((r) => r.instance.id === instanceId);
  if (!row) throw new ApiError("ValidationError", `Instance Id not found - No managed instance found for instance ID: ${instanceId}`);
  return row;
}

const setDesiredCapacity: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  const desired = ctx.params.requiredInt("DesiredCapacity");
  if (desired > group.maxSize) throw new ApiError("ValidationError", `New SetDesiredCapacity value ${desired} is above max value ${group.maxSize} for the AutoScalingGroup.`);
  if (desired < group.minSize) throw new ApiError("ValidationError", `New SetDesiredCapacity value ${desired} is below min value ${group.minSize} for the AutoScalingGroup.`);
  group.desiredCapacity = desired;
  ctx.cloud.changed();
  return undefined;
};

const setInstanceHealth: QueryHandler = (ctx) => {
  const { group, instance } = requireMember(ctx, ctx.params.required("InstanceId"));
  const status = ctx.params.required("HealthStatus");
  if (status !== "Healthy" && status !== "Unhealthy") throw new ApiError("ValidationError", `Invalid health status: ${status}. Valid values are Healthy and Unhealthy.`);
  const respectGrace = ctx.params.bool("ShouldRespectGracePeriod") ?? true;
  const asg = instance.asg!;
  if (status === "Unhealthy" && respectGrace && asg.inServiceSince !== undefined) {
    const graceMs = group.healthCheckGracePeriod * ctx.cloud.timing.apiSecondMs;
    if (ctx.cloud.now() - asg.inServiceSince < graceMs) return undefined;
  }
  if (asg.lifecycle === "Terminating") return undefined;
  asg.health = status;
  if (status === "Unhealthy") asg.unhealthyReason = "an instance was taken out of service in response to a user health-check.";
  ctx.cloud.changed();
  return undefined;
};

const terminateInGroup: QueryHandler = (ctx) => {
  const { group, instance } = requireMember(ctx, ctx.params.required("InstanceId"));
  const decrement = ctx.params.bool("ShouldDecrementDesiredCapacity");
  if (decrement === undefined) throw new ApiError("ValidationError", "1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null");
  if (decrement) {
    if (group.desiredCapacity - 1 < group.minSize) {
      throw new ApiError("ValidationError", `Currently, desiredCapacity (${group.desiredCapacity}) is equal to minSize (${group.minSize}). Terminating the instance with ShouldDecrementDesiredCapacity would violate the minimum.`);
    }
    group.desiredCapacity--;
  }
  const cause = decrement
    ? `instance ${instance.id} was taken out of service in response to a user request, shrinking the capacity from ${group.desiredCapacity + 1} to ${group.desiredCapacity}.`
    : `instance ${instance.id} was taken out of service in response to a user request.`;
  beginTermination(ctx.cloud, group, instance, cause);
  const activity = ctx.cloud.state.activities.find((a) => a.instanceId === instance.id && a.kind === "terminate");
  return {
    Activity: activity
      ? activityXml(group, activity)
      : { ActivityId: randomUUID(), AutoScalingGroupName: group.name, Description: `Terminating EC2 instance: ${instance.id}`, Cause: `At ${describeTime(ctx.cloud.now())} ${cause}`, StartTime: new Date(), StatusCode: "InProgress", Progress: 0, Details: "{}" },
  };
};

export const groupHandlers: Record<string, QueryHandler> = {
  CreateAutoScalingGroup: createGroup,
  UpdateAutoScalingGroup: updateGroup,
  DeleteAutoScalingGroup: deleteGroup,
  DescribeAutoScalingGroups: describeGroups,
  DescribeAutoScalingInstances: describeInstances,
  SetDesiredCapacity: setDesiredCapacity,
  SetInstanceHealth: setInstanceHealth,
  TerminateInstanceInAutoScalingGroup: terminateInGroup,
};
