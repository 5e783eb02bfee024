// Scaling activities: one per launch or termination, newest first, settled when the instance does.

import type { Cloud } from "./cloud.js";
import { newId } from "./ids.js";
import type { ActivityRecord, GroupRecord } from "./types.js";

export function addActivity(
  cloud: Cloud,
  group: GroupRecord,
  fields: Pick<ActivityRecord, "description" | "cause"> & Partial<ActivityRecord>,
): ActivityRecord {
  const activity: ActivityRecord = {
    id: newId.uuid(),
    region: group.region,
    group: group.name,
    startTime: cloud.now(),
    statusCode: "InProgress",
    progress: 0,
    details: "{}",
    ...fields,
  };
  cloud.state.activities.unshift(activity);
  cloud.changed();
  return activity;
}

export function finishActivity(cloud: Cloud, activity: ActivityRecord, statusCode: "Successful" | "Failed" | "Cancelled", message?: string): void {
  activity.statusCode = statusCode;
  activity.progress = 100;
  activity.endTime = cloud.now();
  if (message !== undefined) activity.statusMessage = message;
  cloud.changed();
}

export function describeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** Settles launch/terminate activities from their instance's state; forgets old ones. */
export function reconcileActivities(cloud: Cloud): void {
  const now = cloud.now();
  for (const activity of cloud.state.activities) {
    if (activity.statusCode !== "InProgress" || !activity.instanceId) continue;
    const instance = cloud.state.instances[activity.instanceId];
    if (activity.kind === "launch") {
      if (instance?.state === "running") finishActivity(cloud, activity, "Successful");
      else if (!instance || instance.state === "terminated" || instance.state === "shutting-down") {
        finishActivity(cloud, activity, "Failed", instance?.stateReason?.message ?? "Instance terminated before it started");
      }
    } else if (activity.kind === "terminate") {
      if (!instance || instance.state === "terminated") finishActivity(cloud, activity, "Successful");
    }
  }
  const keep = cloud.state.activities.filter((a) => a.statusCode === "InProgress" || now - a.startTime < cloud.timing.activityRetentionMs);
  if (keep.length !== cloud.state.activities.length) {
    cloud.state.activities = keep;
    cloud.changed();
  }
}
