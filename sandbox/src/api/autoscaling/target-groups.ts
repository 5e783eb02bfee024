// A group's ELBv2 target groups: AttachLoadBalancerTargetGroups, DetachLoadBalancerTargetGroups,
// DescribeLoadBalancerTargetGroups. Registration itself happens in the reconcile loop.

import { deregisterMembers } from "../../model/group-targets.js";
import { membersOf, requireGroup } from "../../model/groups.js";
import { findTargetGroup } from "../../model/target-groups.js";
import type { Cloud } from "../../model/cloud.js";
import type { GroupRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { QueryHandler } from "../context.js";
import { paginateRecords } from "./common.js";

const MAX_TARGET_GROUPS = 10;

/** `TargetGroupARNs.member.N`, each an existing target group of the region. */
export function targetGroupArnsOf(cloud: Cloud, region: string, params: FormParams): string[] {
  const arns = params.strings("TargetGroupARNs");
  for (const arn of arns) {
    if (!findTargetGroup(cloud, region, arn)) {
      throw new ApiError("ValidationError", `Provided Target Groups may not be valid. Please ensure they exist and try again. Not found: ${arn}`);
    }
  }
  return [...new Set(arns)];
}

function requireArns(cloud: Cloud, region: string, params: FormParams): string[] {
  if (!params.has("TargetGroupARNs")) throw new ApiError("ValidationError", "1 validation error detected: Value null at 'targetGroupARNs' failed to satisfy constraint: Member must not be null");
  return targetGroupArnsOf(cloud, region, params);
}

const attach: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  const arns = requireArns(ctx.cloud, ctx.region, ctx.params);
  const merged = [...new Set([...(group.targetGroupArns ?? []), ...arns])];
  if (merged.length > MAX_TARGET_GROUPS) throw new ApiError("LimitExceeded", `An Auto Scaling group can have at most ${MAX_TARGET_GROUPS} target groups.`);
  group.targetGroupArns = merged;
  ctx.cloud.changed();
  return {};
};

const detach: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  const arns = ctx.params.strings("TargetGroupARNs");
  if (arns.length === 0) throw new ApiError("ValidationError", "1 validation error detected: Value null at 'targetGroupARNs' failed to satisfy constraint: Member must not be null");
  for (const arn of arns) {
    const targetGroup = findTargetGroup(ctx.cloud, ctx.region, arn);
    if (targetGroup && group.targetGroupArns?.includes(arn)) deregisterMembers(ctx.cloud, group, targetGroup);
  }
  group.targetGroupArns = (group.targetGroupArns ?? []).filter((arn) => !arns.includes(arn));
  ctx.cloud.changed();
  return {};
};

/** Added once every InService member is registered, InService once one of them passed the health check. */
function attachmentState(cloud: Cloud, group: GroupRecord, arn: string): string {
  const targetGroup = findTargetGroup(cloud, group.region, arn);
  if (!targetGroup) return "Removed";
  const members = membersOf(cloud, group).filter((m) => m.asg!.lifecycle === "InService");
  const targets = members.map((m) => targetGroup.targets.find((t) => t.id === m.id && t.state !== "draining"));
  if (targets.some((t) => t?.state === "healthy")) return "InService";
  return targets.every((t) => t !== undefined) ? "Added" : "Adding";
}

const describe: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  const page = paginateRecords(ctx.params, group.targetGroupArns ?? [], 100, 100);
  return {
    LoadBalancerTargetGroups: page.items.map((arn) => ({ LoadBalancerTargetGroupARN: arn, State: attachmentState(ctx.cloud, group, arn) })),
    NextToken: page.nextToken,
  };
};

export const targetGroupHandlers: Record<string, QueryHandler> = {
  AttachLoadBalancerTargetGroups: attach,
  DetachLoadBalancerTargetGroups: detach,
  DescribeLoadBalancerTargetGroups: describe,
};
