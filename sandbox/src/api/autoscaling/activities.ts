// DescribeScalingActivities: newest first, per group or all.

import { findGroup } from "../../model/groups.js";
import type { ActivityRecord, GroupRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { XmlValue } from "../../wire/xml.js";
import type { QueryHandler } from "../context.js";
import { paginateRecords } from "./common.js";

export function activityXml(group: GroupRecord | undefined, a: ActivityRecord): XmlValue {
  return {
    ActivityId: a.id,
    AutoScalingGroupName: a.group,
    Description: a.description,
    Cause: a.cause,
    StartTime: new Date(a.startTime),
    EndTime: a.endTime !== undefined ? new Date(a.endTime) : undefined,
    StatusCode: a.statusCode,
    StatusMessage: a.statusMessage,
    Progress: a.progress,
    Details: a.details,
    AutoScalingGroupARN: group?.arn,
  };
}

const describeScalingActivities: QueryHandler = (ctx) => {
  const name = ctx.params.str("AutoScalingGroupName");
  const ids = ctx.params.strings("ActivityIds");
  const includeDeleted = ctx.params.bool("IncludeDeletedGroups") ?? false;
  if (name && !findGroup(ctx.cloud, ctx.region, name) && !includeDeleted) {
    throw new ApiError("ValidationError", `AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  }
  const activities = ctx.cloud.state.activities.filter(
    (a) =>
      a.region === ctx.region &&
      (!name || a.group === name) &&
      (ids.length === 0 || ids.includes(a.id)) &&
      (includeDeleted || findGroup(ctx.cloud, ctx.region, a.group)),
  );
  const page = paginateRecords(ctx.params, activities, 100, 100);
  return {
    Activities: page.items.map((a) => activityXml(findGroup(ctx.cloud, ctx.region, a.group), a)),
    NextToken: page.nextToken,
  };
};

export const activityHandlers: Record<string, QueryHandler> = {
  DescribeScalingActivities: describeScalingActivities,
};
