// Auto Scaling groups: membership, health (EC2 health checks), and the capacity loop that launches
// and terminates instances until the group has its desired capacity.

import { ApiError } from "../wire/errors.js";
import { addActivity, describeTime, finishActivity } from "./activities.js";
import type { Cloud } from "./cloud.js";
import { launchInstances, terminateInstance } from "./instances.js";
import { resolveRef, sameTemplateVersion } from "./launch-templates.js";
import { defaultSubnets, defaultVpc } from "./network.js";
import { ACTIVE_REFRESH_STATUSES, type GroupRecord, type InstanceRecord, type LaunchTemplateRef, type RefreshRecord, type Tag } from "./types.js";
import { isImpaired } from "./impairment.js";

export function groupKey(region: string, name: string): string {
  return `${region}/${name}`;
}

export function findGroup(cloud: Cloud, region: string, name: string): GroupRecord | undefined {
  return cloud.state.groups[groupKey(region, name)];
}

export function requireGroup(cloud: Cloud, region: string, name: string): GroupRecord {
  const group = findGroup(cloud, region, name);
  if (!group) throw new ApiError("ValidationError", `AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  return group;
}

/** Instances that belong to the group (Terminating ones included, Terminated ones not). */
export function membersOf(cloud: Cloud, group: GroupRecord): InstanceRecord[] {
  return Object.values(cloud.state.instances)
    .filter((i) => i.region === group.region && i.asg?.group === group.name && i.asg.lifecycle !== "Terminated")
    .sort((a, b) => a.launchTime - b.launchTime);
}

export function activeRefresh(cloud: Cloud, group: GroupRecord): RefreshRecord | undefined {
  return Object.values(cloud.state.refreshes).find(
    (r) => r.region === group.region && r.group === group.name && ACTIVE_REFRESH_STATUSES.includes(r.status),
  );
}

/** The configuration new instances get: an instance refresh's desired configuration while it rolls forward. */
export function launchTargetOf(cloud: Cloud, group: GroupRecord): { ref: LaunchTemplateRef; refresh?: RefreshRecord } {
  const refresh = activeRefresh(cloud, group);
  if (refresh && (refresh.status === "InProgress" || refresh.status === "Baking") && refresh.desiredLaunchTemplate) {
    return { ref: refresh.desiredLaunchTemplate, refresh };
  }
  if (refresh && refresh.status === "RollbackInProgress") return { ref: group.launchTemplate, refresh };
  if (refresh && refresh.status === "InProgress") return { ref: group.launchTemplate, refresh };
  return { ref: group.launchTemplate };
}

export function warmupMs(cloud: Cloud, group: GroupRecord, refresh?: RefreshRecord): number {
  const seconds = refresh?.preferences.instanceWarmup ?? group.defaultInstanceWarmup ?? group.healthCheckGracePeriod;
  return seconds * cloud.timing.apiSecondMs;
}

/** InService, Healthy and past its warm-up. */
export function isHealthyAndWarm(cloud: Cloud, instance: InstanceRecord, warmup: number): boolean {
  const asg = instance.asg;
  return !!asg && asg.lifecycle === "InService" && asg.health === "Healthy" && asg.inServiceSince !== undefined && cloud.now() - asg.inServiceSince >= warmup;
}

export function beginTermination(cloud: Cloud, group: GroupRecord, instance: InstanceRecord, cause: string): void {
  if (!instance.asg || instance.asg.lifecycle === "Terminating" || instance.asg.lifecycle === "Terminated") return;
  instance.asg.lifecycle = "Terminating";
  addActivity(cloud, group, {
    description: `Terminating EC2 instance: ${instance.id}`,
    cause: `At ${describeTime(cloud.now())} ${cause}`,
    instanceId: instance.id,
    kind: "terminate",
    details: JSON.stringify({ "Subnet ID": instance.subnetId, "Availability Zone": instance.az }),
  });
  terminateInstance(cloud, instance, "Service initiated");
  cloud.changed();
}

function chooseSubnet(cloud: Cloud, group: GroupRecord): { subnetId: string; az: string } {
  const all = defaultSubnets(group.region);
  const candidates = group.subnetIds.length > 0
    ? all.filter((s) => group.subnetIds.includes(s.id))
    : all.filter((s) => group.availabilityZones.includes(s.az));
  const pool = candidates.length > 0 ? candidates : all;
  const members = membersOf(cloud, group).filter((m) => m.asg?.lifecycle !== "Terminating");
  let best = pool[0]!;
  let bestCount = Infinity;
  for (const subnet of pool) {
    const count = members.filter((m) => m.az === subnet.az).length;
    if (count < bestCount) {
      best = subnet;
      bestCount = count;
    }
  }
  return { subnetId: best.id, az: best.az };
}

/** Launches one instance into the group from `ref`. Returns undefined (and records why) on failure. */
export function launchIntoGroup(cloud: Cloud, group: GroupRecord, ref: LaunchTemplateRef, cause: string, refresh?: RefreshRecord): InstanceRecord | undefined {
  try {
    const { lt, version } = resolveRef(cloud, group.region, ref);
    const data = version.data;
    if (!data.imageId) throw new ApiError("InvalidParameterCombination", "The launch template does not specify an image id");
    const securityGroupIds = [...(data.securityGroupIds ?? [])];
    for (const name of data.securityGroups ?? []) {
      const sg = Object.values(cloud.state.securityGroups).find((g) => g.region === group.region && g.name === name && g.vpcId === defaultVpc(group.region).id);
      if (!sg) throw new ApiError("InvalidGroup.NotFound", `The security group '${name}' does not exist`);
      securityGroupIds.push(sg.id);
    }
    const tags: Tag[] = [];
    const setTag = (key: string, value: string) => {
      const existing = tags.find((t) => t.key === key);
      if (existing) existing.value = value;
      else tags.push({ key, value });
    };
    for (const spec of data.tagSpecifications ?? []) if (spec.resourceType === "instance") for (const t of spec.tags) setTag(t.key, t.value);
    for (const t of group.tags) if (t.propagateAtLaunch) setTag(t.key, t.value);
    setTag("aws:autoscaling:groupName", group.name);
    const placement = chooseSubnet(cloud, group);
    const resolved: LaunchTemplateRef = { id: lt.id, name: lt.name, version: String(version.number) };
    const [instance] = launchInstances(cloud, {
      region: group.region,
      imageId: data.imageId,
      instanceType: data.instanceType ?? "m1.small",
      keyName: data.keyName,
      securityGroupIds,
      subnetId: placement.subnetId,
      userData: data.userData,
      tags,
      launchTemplate: resolved,
      count: 1,
    });
    instance!.asg = {
      group: group.name,
      lifecycle: "Pending",
      health: "Healthy",
      launchTemplate: resolved,
      refreshId: refresh?.id,
    };
    addActivity(cloud, group, {
      description: `Launching a new EC2 instance: ${instance!.id}`,
      cause: `At ${describeTime(cloud.now())} ${cause}`,
      instanceId: instance!.id,
      kind: "launch",
      details: JSON.stringify({ "Subnet ID": placement.subnetId, "Availability Zone": placement.az }),
    });
    return instance;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    group.lastLaunchFailure = cloud.now();
    if (refresh) refresh.launchFailures++;
    const activity = addActivity(cloud, group, {
      description: "Launching a new EC2 instance.  Status Reason: " + message + " Launching EC2 instance failed.",
      cause: `At ${describeTime(cloud.now())} ${cause}`,
      details: "{}",
    });
    finishActivity(cloud, activity, "Failed", `${message} Launching EC2 instance failed.`);
    cloud.log(`group ${group.name}: launch failed: ${message}`);
    return undefined;
  }
}

/** Health and lifecycle of each member, from its EC2 state. */
function reconcileMembers(cloud: Cloud, group: GroupRecord, refresh: RefreshRecord | undefined): void {
  const now = cloud.now();
  for (const instance of membersOf(cloud, group)) {
    const asg = instance.asg!;
    if (asg.lifecycle === "Terminating") {
      if (instance.state === "terminated") {
        asg.lifecycle = "Terminated";
        cloud.changed();
      }
      continue;
    }
    if (instance.state === "running" && asg.lifecycle === "Pending") {
      asg.lifecycle = "InService";
      asg.inServiceSince = now;
      cloud.changed();
    }
    const down = (instance.state !== "running" && instance.state !== "pending") || isImpaired(instance);
    if (down && asg.health === "Healthy") {
      asg.health = "Unhealthy";
      asg.unhealthyReason =
        instance.state === "terminated" && instance.stateReason?.code === "Server.InternalError"
          ? `an instance was taken out of service in response to a launch failure: ${instance.stateReason.message}`
          : isImpaired(instance)
            ? "an instance was taken out of service in response to an EC2 instance status checks failure."
            : "an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.";
      if (refresh && asg.refreshId === refresh.id && !isHealthyAndWarm(cloud, instance, warmupMs(cloud, group, refresh))) {
        refresh.launchFailures++;
      }
      cloud.changed();
    }
    if (asg.health === "Unhealthy") beginTermination(cloud, group, instance, asg.unhealthyReason ?? "an instance was taken out of service in response to a health check.");
  }
}

/** Scale-in order: instances not on the group's launch configuration first, then the oldest. */
function scaleInOrder(cloud: Cloud, group: GroupRecord, instances: InstanceRecord[], target: LaunchTemplateRef): InstanceRecord[] {
  return [...instances].sort((a, b) => {
    const am = sameTemplateVersion(cloud, group.region, a.asg!.launchTemplate, target) ? 1 : 0;
    const bm = sameTemplateVersion(cloud, group.region, b.asg!.launchTemplate, target) ? 1 : 0;
    return am - bm || a.launchTime - b.launchTime;
  });
}

export function reconcileGroup(cloud: Cloud, group: GroupRecord): void {
  const refresh = activeRefresh(cloud, group);
  reconcileMembers(cloud, group, refresh);
  const now = cloud.now();
  if (group.deleting) {
    const members = membersOf(cloud, group);
    for (const m of members) beginTermination(cloud, group, m, "an instance was taken out of service because the group is being deleted.");
    if (members.every((m) => m.state === "terminated")) {
      for (const m of members) if (m.asg) m.asg.lifecycle = "Terminated";
      delete cloud.state.groups[groupKey(group.region, group.name)];
      for (const r of Object.values(cloud.state.refreshes)) if (r.region === group.region && r.group === group.name) delete cloud.state.refreshes[r.id];
      cloud.changed();
    }
    return;
  }
  const serving = membersOf(cloud, group).filter((m) => m.asg!.lifecycle !== "Terminating");
  const target = group.desiredCapacity + (group.refreshSurplus ?? 0);
  const { ref, refresh: launchingRefresh } = launchTargetOf(cloud, group);
  if (serving.length < target) {
    if (group.lastLaunchFailure !== undefined && now - group.lastLaunchFailure < cloud.timing.launchRetryMs) return;
    const cause = launchingRefresh
      ? "an instance was launched in response to an instance refresh."
      : `an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${serving.length} to ${target}.`;
    for (let count = serving.length; count < target; count++) {
      if (!launchIntoGroup(cloud, group, ref, cause, launchingRefresh)) break;
    }
  } else if (serving.length > target) {
    const victims = scaleInOrder(cloud, group, serving, ref).slice(0, serving.length - target);
    for (const victim of victims) {
      beginTermination(
        cloud,
        group,
        victim,
        `an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${serving.length} to ${target}.`,
      );
    }
  }
}
