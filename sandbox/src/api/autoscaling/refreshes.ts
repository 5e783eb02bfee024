// Instance refresh calls: StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh,
// RollbackInstanceRefresh.

import { requireGroup } from "../../model/groups.js";
import { cancelRefresh, rollbackRefresh, startRefresh } from "../../model/refresh.js";
import type { RefreshPreferences, RefreshRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";
import type { QueryHandler } from "../context.js";
import { launchTemplateSpec, paginateRecords, templateXml } from "./common.js";

function preferencesOf(params: FormParams): Partial<RefreshPreferences> {
  const p = params.struct("Preferences");
  const checkpoints = p.strings("CheckpointPercentages").map((v) => {
    if (!/^\d+$/.test(v)) throw new ApiError("ValidationError", `Invalid checkpoint percentage: ${v}`);
    return Number(v);
  });
  const alarms = p.struct("AlarmSpecification").strings("Alarms");
  const prefs: Partial<RefreshPreferences> = {
    minHealthyPercentage: p.int("MinHealthyPercentage"),
    maxHealthyPercentage: p.int("MaxHealthyPercentage"),
    instanceWarmup: p.int("InstanceWarmup"),
    checkpointPercentages: checkpoints.length > 0 ? checkpoints : undefined,
    checkpointDelay: p.int("CheckpointDelay"),
    skipMatching: p.bool("SkipMatching"),
    autoRollback: p.bool("AutoRollback"),
    bakeTime: p.int("BakeTime"),
    scaleInProtectedInstances: p.str("ScaleInProtectedInstances"),
    standbyInstances: p.str("StandbyInstances"),
    alarms: alarms.length > 0 ? alarms : undefined,
  };
  for (const key of Object.keys(prefs) as (keyof RefreshPreferences)[]) if (prefs[key] === undefined) delete prefs[key];
  if (prefs.instanceWarmup !== undefined && prefs.instanceWarmup < 0) throw new ApiError("ValidationError", "InstanceWarmup must not be negative.");
  if (prefs.bakeTime !== undefined && (prefs.bakeTime < 0 || prefs.bakeTime > 172800)) throw new ApiError("ValidationError", "BakeTime must be between 0 and 172800.");
  return prefs;
}

const startInstanceRefresh: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  const desired = ctx.params.struct("DesiredConfiguration");
  if (desired.has("MixedInstancesPolicy")) throw new ApiError("ValidationError", "The sandbox supports DesiredConfiguration.LaunchTemplate only.");
  const desiredLaunchTemplate = desired.has("LaunchTemplate") ? launchTemplateSpec(ctx.cloud, ctx.region, desired.struct("LaunchTemplate")) : undefined;
  const refresh = startRefresh(ctx.cloud, {
    group,
    strategy: ctx.params.str("Strategy") ?? "Rolling",
    desiredLaunchTemplate,
    preferences: preferencesOf(ctx.params),
  });
  return { InstanceRefreshId: refresh.id };
};

function refreshXml(r: RefreshRecord): XmlValue {
  const p = r.preferences;
  return {
    InstanceRefreshId: r.id,
    AutoScalingGroupName: r.group,
    Status: r.status,
    StatusReason: r.statusReason,
    StartTime: new Date(r.startTime),
    EndTime: r.endTime !== undefined ? new Date(r.endTime) : undefined,
    PercentageComplete: r.percentageComplete,
    InstancesToUpdate: r.instancesToUpdate,
    ProgressDetails: { LivePoolProgress: { PercentageComplete: r.percentageComplete, InstancesToUpdate: r.instancesToUpdate } },
    Preferences: {
      MinHealthyPercentage: p.minHealthyPercentage,
      InstanceWarmup: p.instanceWarmup,
      CheckpointPercentages: p.checkpointPercentages,
      CheckpointDelay: p.checkpointDelay,
      SkipMatching: p.skipMatching,
      AutoRollback: p.autoRollback,
      ScaleInProtectedInstances: p.scaleInProtectedInstances ?? "Ignore",
      StandbyInstances: p.standbyInstances ?? "Ignore",
      AlarmSpecification: p.alarms ? { Alarms: p.alarms } : undefined,
      MaxHealthyPercentage: p.maxHealthyPercentage,
      BakeTime: p.bakeTime,
    },
    DesiredConfiguration: r.desiredLaunchTemplate ? { LaunchTemplate: templateXml(r.desiredLaunchTemplate) } : undefined,
    RollbackDetails: r.rollback
      ? {
          RollbackReason: r.rollback.reason,
          RollbackStartTime: new Date(r.rollback.startTime),
          PercentageCompleteOnRollback: r.rollback.percentageCompleteOnRollback,
          InstancesToUpdateOnRollback: r.rollback.instancesToUpdateOnRollback,
          ProgressDetailsOnRollback: {
            LivePoolProgress: { PercentageComplete: r.rollback.percentageCompleteOnRollback, InstancesToUpdate: r.rollback.instancesToUpdateOnRollback },
          },
        }
      : undefined,
    Strategy: r.strategy,
  };
}

const describeInstanceRefreshes: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  const ids = ctx.params.strings("InstanceRefreshIds");
  const refreshes = Object.values(ctx.cloud.state.refreshes)
    .filter((r) => r.region === ctx.region && r.group === group.name && (ids.length === 0 || ids.includes(r.id)))
    .sort((a, b) => b.startTime - a.startTime);
  const page = paginateRecords(ctx.params, refreshes, 50, 100);
  return { InstanceRefreshes: page.items.map(refreshXml), NextToken: page.nextToken };
};

const cancelInstanceRefresh: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  return { InstanceRefreshId: cancelRefresh(ctx.cloud, group).id };
};

const rollbackInstanceRefresh: QueryHandler = (ctx) => {
  const group = requireGroup(ctx.cloud, ctx.region, ctx.params.required("AutoScalingGroupName"));
  return { InstanceRefreshId: rollbackRefresh(ctx.cloud, group).id };
};

export const refreshHandlers: Record<string, QueryHandler> = {
  StartInstanceRefresh: startInstanceRefresh,
  DescribeInstanceRefreshes: describeInstanceRefreshes,
  CancelInstanceRefresh: cancelInstanceRefresh,
  RollbackInstanceRefresh: rollbackInstanceRefresh,
};
