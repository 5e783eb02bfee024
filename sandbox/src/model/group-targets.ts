// Auto Scaling groups and their target groups: InService members are registered, members leaving
// the group are deregistered (draining), and with HealthCheckType ELB a member its target group finds
// unhealthy becomes Unhealthy after the grace period, so the group replaces it.

import type { Cloud } from "./cloud.js";
import { membersOf } from "./groups.js";
import { deregisterTarget, findTargetGroup, registerTarget } from "./target-groups.js";
import type { GroupRecord, InstanceRecord, TargetGroupRecord } from "./types.js";

const ELB_UNHEALTHY = "an instance was taken out of service in response to an ELB system health check failure.";

function targetOf(group: TargetGroupRecord, instance: InstanceRecord) {
  return group.targets.find((t) => t.id === instance.id && t.port === group.port);
}

/** Deregisters the group's members from a target group (DetachLoadBalancerTargetGroups). */
export function deregisterMembers(cloud: Cloud, group: GroupRecord, targetGroup: TargetGroupRecord): void {
  for (const instance of membersOf(cloud, group)) {
    const target = targetOf(targetGroup, instance);
    if (target) deregisterTarget(cloud, targetGroup, target);
  }
}

export function reconcileGroupTargets(cloud: Cloud, group: GroupRecord): void {
  const arns = group.targetGroupArns ?? [];
  if (arns.length === 0) return;
  const now = cloud.now();
  const graceMs = group.healthCheckGracePeriod * cloud.timing.apiSecondMs;
  for (const arn of arns) {
    const targetGroup = findTargetGroup(cloud, group.region, arn);
    if (!targetGroup) continue;
    for (const instance of membersOf(cloud, group)) {
      const asg = instance.asg!;
      const target = targetOf(targetGroup, instance);
      const leaving = asg.lifecycle === "Terminating" || instance.state === "shutting-down" || instance.state === "terminated";
      if (leaving) {
        if (target) deregisterTarget(cloud, targetGroup, target);
        continue;
      }
      if (asg.lifecycle === "InService" && instance.state === "running" && !target) registerTarget(cloud, targetGroup, instance.id, targetGroup.port);
      const pastGrace = asg.inServiceSince !== undefined && now - asg.inServiceSince >= graceMs;
      if (group.healthCheckType === "ELB" && pastGrace && asg.health === "Healthy" && target?.state === "unhealthy") {
        asg.health = "Unhealthy";
        asg.unhealthyReason = ELB_UNHEALTHY;
        cloud.changed();
      }
    }
  }
}
