// Instance refresh, as the Auto Scaling user guide and API reference describe it: replace the group's
// instances in batches bounded by MinHealthyPercentage / MaxHealthyPercentage, count a new instance
// once it is InService, healthy and warmed up, pause at checkpoints, bake, and roll back to the
// group's own launch template (which only changes when the refresh succeeds).

import { ApiError } from "../wire/errors.js";
import { alarmsInAlarm } from "./alarms.js";
import type { Cloud } from "./cloud.js";
import { activeRefresh, beginTermination, isHealthyAndWarm, membersOf, warmupMs } from "./groups.js";
import { newId } from "./ids.js";
import { resolveRef, sameTemplateVersion } from "./launch-templates.js";
import type { GroupRecord, InstanceRecord, LaunchTemplateRef, RefreshPreferences, RefreshRecord } from "./types.js";

export interface StartRefreshRequest {
  group: GroupRecord;
  strategy: string;
  desiredLaunchTemplate?: LaunchTemplateRef;
  preferences: Partial<RefreshPreferences>;
}

function isFloatingVersion(version: string): boolean {
  return version === "$Latest" || version === "$Default";
}

export function startRefresh(cloud: Cloud, request: StartRefreshRequest): RefreshRecord {
  const { group } = request;
  if (activeRefresh(cloud, group)) {
    throw new ApiError("InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
  }
  if (request.strategy !== "Rolling") {
    throw new ApiError("ValidationError", `Strategy ${request.strategy} is not supported; use Rolling.`);
  }
  const p = request.preferences;
  const min = p.minHealthyPercentage ?? 90;
  if (min < 0 || min > 100) throw new ApiError("ValidationError", `MinHealthyPercentage must be between 0 and 100, got ${min}.`);
  if (p.maxHealthyPercentage !== undefined) {
    const max = p.maxHealthyPercentage;
    if (max < 100 || max > 200) throw new ApiError("ValidationError", `MaxHealthyPercentage must be between 100 and 200, got ${max}.`);
    if (max - min > 100) throw new ApiError("ValidationError", "The difference between MaxHealthyPercentage and MinHealthyPercentage cannot exceed 100.");
  }
  const checkpoints = p.checkpointPercentages;
  if (p.checkpointDelay !== undefined && (!checkpoints || checkpoints.length === 0)) {
    throw new ApiError("ValidationError", "CheckpointDelay requires CheckpointPercentages.");
  }
  if (checkpoints) {
    for (let i = 0; i < checkpoints.length; i++) {
      const value = checkpoints[i]!;
      if (value < 1 || value > 100 || (i > 0 && value <= checkpoints[i - 1]!)) {
        throw new ApiError("ValidationError", "CheckpointPercentages must be unique values between 1 and 100 in ascending order.");
      }
    }
  }
  if (request.desiredLaunchTemplate) {
    try {
      resolveRef(cloud, group.region, request.desiredLaunchTemplate);
    } catch (error) {
      throw new ApiError("ValidationError", `DesiredConfiguration.LaunchTemplate is invalid: ${(error as Error).message}`);
    }
  }
  if (p.autoRollback) {
    if (!request.desiredLaunchTemplate) {
      throw new ApiError("ValidationError", "AutoRollback requires a DesiredConfiguration that specifies a launch template.");
    }
    if (isFloatingVersion(group.launchTemplate.version) || isFloatingVersion(request.desiredLaunchTemplate.version)) {
      throw new ApiError("ValidationError", "AutoRollback is not supported when the launch template version is $Latest or $Default.");
    }
  }
  const refresh: RefreshRecord = {
    id: newId.uuid(),
    region: group.region,
    group: group.name,
    status: "Pending",
    startTime: cloud.now(),
    strategy: request.strategy,
    preferences: {
      ...p,
      minHealthyPercentage: min,
      checkpointDelay: checkpoints && checkpoints.length > 0 ? (p.checkpointDelay ?? 3600) : p.checkpointDelay,
      skipMatching: p.skipMatching ?? false,
      autoRollback: p.autoRollback ?? false,
    },
    desiredLaunchTemplate: request.desiredLaunchTemplate,
    toReplace: [],
    instancesToUpdate: 0,
    forwardInstancesToUpdate: 0,
    percentageComplete: 0,
    replacementsStarted: 0,
    nextCheckpoint: 0,
    launchFailures: 0,
  };
  cloud.state.refreshes[refresh.id] = refresh;
  cloud.changed();
  return refresh;
}

function requireActive(cloud: Cloud, group: GroupRecord): RefreshRecord {
  const refresh = activeRefresh(cloud, group);
  if (!refresh) {
    throw new ApiError("ActiveInstanceRefreshNotFound", `No in progress or pending Instance Refresh found for Auto Scaling group ${group.name}`);
  }
  return refresh;
}

export function cancelRefresh(cloud: Cloud, group: GroupRecord): RefreshRecord {
  const refresh = requireActive(cloud, group);
  if (refresh.status !== "Cancelling") {
    refresh.status = "Cancelling";
    refresh.statusReason = "Cancelling the instance refresh: replacements in progress finish, no new ones start.";
    group.refreshSurplus = 0;
    cloud.changed();
  }
  return refresh;
}

export function rollbackRefresh(cloud: Cloud, group: GroupRecord, reason = "Rollback requested with RollbackInstanceRefresh."): RefreshRecord {
  const refresh = requireActive(cloud, group);
  if (refresh.status === "RollbackInProgress" || refresh.status === "Cancelling") {
    throw new ApiError("ActiveInstanceRefreshNotFound", `No instance refresh of Auto Scaling group ${group.name} can be rolled back: the active one is ${refresh.status}.`);
  }
  assertReversible(group, refresh);
  beginRollback(cloud, group, refresh, reason);
  return refresh;
}

function assertReversible(group: GroupRecord, refresh: RefreshRecord): void {
  if (!refresh.desiredLaunchTemplate) {
    throw new ApiError("IrreversibleInstanceRefresh", "The instance refresh cannot be rolled back because it does not specify a desired configuration.");
  }
  if (isFloatingVersion(group.launchTemplate.version)) {
    throw new ApiError(
      "IrreversibleInstanceRefresh",
      `The instance refresh cannot be rolled back because the Auto Scaling group uses launch template version ${group.launchTemplate.version}.`,
    );
  }
}

function beginRollback(cloud: Cloud, group: GroupRecord, refresh: RefreshRecord, reason: string): void {
  const now = cloud.now();
  refresh.rollback = {
    reason,
    startTime: now,
    percentageCompleteOnRollback: refresh.percentageComplete,
    instancesToUpdateOnRollback: refresh.instancesToUpdate,
  };
  refresh.status = "RollbackInProgress";
  refresh.statusReason = reason;
  const serving = membersOf(cloud, group).filter((m) => m.asg!.lifecycle !== "Terminating");
  refresh.toReplace = serving.filter((m) => !sameTemplateVersion(cloud, group.region, m.asg!.launchTemplate, group.launchTemplate)).map((m) => m.id);
  refresh.instancesToUpdate = refresh.toReplace.length;
  refresh.replacementsStarted = 0;
  refresh.launchFailures = 0;
  refresh.checkpointUntil = undefined;
  refresh.bakeUntil = undefined;
  group.refreshSurplus = 0;
  cloud.changed();
}

function finish(cloud: Cloud, group: GroupRecord, refresh: RefreshRecord, status: RefreshRecord["status"], reason?: string): void {
  refresh.status = status;
  refresh.statusReason = reason;
  refresh.endTime = cloud.now();
  refresh.checkpointUntil = undefined;
  group.refreshSurplus = 0;
  if (status === "Successful") {
    refresh.percentageComplete = 100;
    refresh.instancesToUpdate = 0;
    if (refresh.desiredLaunchTemplate) group.launchTemplate = { ...refresh.desiredLaunchTemplate };
  }
  cloud.changed();
}

function fail(cloud: Cloud, group: GroupRecord, refresh: RefreshRecord, reason: string): void {
  if (refresh.status === "RollbackInProgress") {
    finish(cloud, group, refresh, "RollbackFailed", `Rollback failed: ${reason}`);
    return;
  }
  if (refresh.preferences.autoRollback && refresh.desiredLaunchTemplate && !isFloatingVersion(group.launchTemplate.version)) {
    beginRollback(cloud, group, refresh, `Instance refresh failed and is rolled back automatically: ${reason}`);
    return;
  }
  finish(cloud, group, refresh, "Failed", reason);
}

interface Picture {
  desired: number;
  warmup: number;
  serving: InstanceRecord[];
  old: InstanceRecord[];
  healthyWarm: number;
  target: LaunchTemplateRef;
}

function picture(cloud: Cloud, group: GroupRecord, refresh: RefreshRecord): Picture {
  const warmup = warmupMs(cloud, group, refresh);
  const serving = membersOf(cloud, group).filter((m) => m.asg!.lifecycle !== "Terminating");
  const pending = new Set(refresh.toReplace);
  const old = serving.filter((m) => pending.has(m.id));
  refresh.toReplace = old.map((m) => m.id);
  const target = refresh.status === "RollbackInProgress" ? group.launchTemplate : (refresh.desiredLaunchTemplate ?? group.launchTemplate);
  return {
    desired: group.desiredCapacity,
    warmup,
    serving,
    old,
    healthyWarm: serving.filter((m) => isHealthyAndWarm(cloud, m, warmup)).length,
    target,
  };
}

/** Old instances first the unhealthy ones, then the oldest. */
function victimOrder(cloud: Cloud, old: InstanceRecord[], warmup: number): InstanceRecord[] {
  return [...old].sort((a, b) => {
    const ah = isHealthyAndWarm(cloud, a, warmup) ? 1 : 0;
    const bh = isHealthyAndWarm(cloud, b, warmup) ? 1 : 0;
    return ah - bh || a.launchTime - b.launchTime;
  });
}

/**
 * Starts replacements (terminate-then-launch, or launch-then-terminate above 100%), at most
 * `allowance` instances of this phase in all (checkpoint pacing).
 */
function replaceBatch(cloud: Cloud, group: GroupRecord, refresh: RefreshRecord, pic: Picture, allowance: number): void {
  const room = Math.max(0, allowance - (refresh.instancesToUpdate - pic.old.length));
  const p = refresh.preferences;
  const minHealthy = Math.ceil((pic.desired * p.minHealthyPercentage) / 100);
  const maxPct = p.maxHealthyPercentage ?? 100;
  const cause = refresh.status === "RollbackInProgress"
    ? "an instance was taken out of service in response to an instance refresh rollback."
    : "an instance was taken out of service in response to an instance refresh.";
  if (maxPct <= 100) {
    const allowedUnavailable = Math.max(1, pic.desired - minHealthy);
    const unavailable = Math.max(0, pic.desired - pic.healthyWarm);
    const count = Math.min(pic.old.length, allowedUnavailable - unavailable, room);
    for (const victim of victimOrder(cloud, pic.old, pic.warmup).slice(0, Math.max(0, count))) {
      beginTermination(cloud, group, victim, cause);
      refresh.replacementsStarted++;
    }
    group.refreshSurplus = 0;
    return;
  }
  // Launch before terminating: run up to floor(desired * max%) instances; retire an old one for each
  // healthy instance above desired capacity, never dropping below the minimum healthy count.
  const cap = Math.max(pic.desired + 1, Math.floor((pic.desired * maxPct) / 100));
  const retire = Math.max(0, Math.min(pic.old.length, pic.healthyWarm - pic.desired, pic.serving.length - pic.desired));
  let retired = 0;
  for (const victim of victimOrder(cloud, pic.old, pic.warmup).slice(0, retire)) {
    beginTermination(cloud, group, victim, cause);
    retired++;
  }
  const oldLeft = pic.old.length - retired;
  group.refreshSurplus = Math.max(0, Math.min(cap - pic.desired, oldLeft, room - retired));
}

function updateProgress(cloud: Cloud, refresh: RefreshRecord, pic: Picture, group: GroupRecord): number {
  if (refresh.status === "RollbackInProgress") {
    const desired = refresh.desiredLaunchTemplate!;
    const stillNew = pic.serving.filter((m) => sameTemplateVersion(cloud, group.region, m.asg!.launchTemplate, desired)).length;
    const total = refresh.forwardInstancesToUpdate;
    refresh.percentageComplete = total === 0 ? 0 : Math.min(100, Math.floor((100 * stillNew) / total));
    const done = refresh.instancesToUpdate - pic.old.length;
    return done;
  }
  const done = Math.min(
    refresh.instancesToUpdate,
    pic.serving.filter(
      (m) => m.asg!.refreshId === refresh.id && sameTemplateVersion(cloud, group.region, m.asg!.launchTemplate, pic.target) && isHealthyAndWarm(cloud, m, pic.warmup),
    ).length,
  );
  const pct = refresh.instancesToUpdate === 0 ? 100 : Math.floor((100 * done) / refresh.instancesToUpdate);
  if (pct !== refresh.percentageComplete) cloud.changed();
  refresh.percentageComplete = pct;
  return done;
}

function phaseComplete(cloud: Cloud, pic: Picture, group: GroupRecord): boolean {
  const terminating = membersOf(cloud, group).some((m) => m.asg!.lifecycle === "Terminating");
  return (
    pic.old.length === 0 &&
    !terminating &&
    pic.serving.length === pic.desired &&
    pic.healthyWarm >= pic.desired &&
    pic.serving.every((m) => sameTemplateVersion(cloud, group.region, m.asg!.launchTemplate, pic.target))
  );
}

export function reconcileRefresh(cloud: Cloud, group: GroupRecord): void {
  const refresh = activeRefresh(cloud, group);
  if (!refresh) return;
  const now = cloud.now();
  const p = refresh.preferences;
  // AlarmSpecification: an alarm in ALARM fails the refresh (and rolls it back with AutoRollback),
  // also while it bakes.
  if ((refresh.status === "Pending" || refresh.status === "InProgress" || refresh.status === "Baking") && p.alarms && p.alarms.length > 0) {
    const firing = alarmsInAlarm(cloud, group.region, p.alarms);
    if (firing.length > 0) {
      refresh.bakeUntil = undefined;
      fail(cloud, group, refresh, `The CloudWatch alarm${firing.length > 1 ? "s" : ""} ${firing.join(", ")} went into ALARM state.`);
      return;
    }
  }
  switch (refresh.status) {
    case "Pending": {
      if (now - refresh.startTime < cloud.timing.refreshPendingMs) return;
      const serving = membersOf(cloud, group).filter((m) => m.asg!.lifecycle !== "Terminating");
      const target = refresh.desiredLaunchTemplate ?? group.launchTemplate;
      const toReplace = p.skipMatching
        ? serving.filter((m) => !sameTemplateVersion(cloud, group.region, m.asg!.launchTemplate, target))
        : serving;
      refresh.toReplace = toReplace.map((m) => m.id);
      refresh.instancesToUpdate = toReplace.length;
      refresh.forwardInstancesToUpdate = toReplace.length;
      refresh.status = "InProgress";
      refresh.statusReason = undefined;
      cloud.changed();
      return;
    }
    case "Baking": {
      if (refresh.bakeUntil !== undefined && now >= refresh.bakeUntil) finish(cloud, group, refresh, "Successful");
      return;
    }
    case "Cancelling": {
      group.refreshSurplus = 0;
      const busy = membersOf(cloud, group).some((m) => m.asg!.lifecycle === "Pending" || m.asg!.lifecycle === "Terminating");
      if (!busy) finish(cloud, group, refresh, "Cancelled", "The instance refresh was cancelled.");
      return;
    }
    case "InProgress":
    case "RollbackInProgress":
      break;
    default:
      return;
  }

  const pic = picture(cloud, group, refresh);
  if (refresh.launchFailures >= cloud.timing.refreshLaunchFailureLimit) {
    fail(cloud, group, refresh, `${refresh.launchFailures} new instances failed to launch or to become healthy. See the group's scaling activities for details.`);
    return;
  }
  const done = updateProgress(cloud, refresh, pic, group);

  // Checkpoints apply to the forward phase only.
  let allowance = Number.POSITIVE_INFINITY;
  const checkpoints = refresh.status === "InProgress" ? (p.checkpointPercentages ?? []) : [];
  if (refresh.nextCheckpoint < checkpoints.length) {
    const checkpoint = checkpoints[refresh.nextCheckpoint]!;
    const reached = Math.ceil((refresh.instancesToUpdate * checkpoint) / 100);
    if (checkpoint < 100 && done >= reached && refresh.percentageComplete >= checkpoint) {
      if (refresh.checkpointUntil === undefined) {
        refresh.checkpointUntil = now + (p.checkpointDelay ?? 3600) * cloud.timing.apiSecondMs;
        refresh.statusReason = `Instance refresh reached checkpoint ${checkpoint}% (${done} of ${refresh.instancesToUpdate} instances replaced) and waits ${p.checkpointDelay ?? 3600} seconds (CheckpointDelay) before continuing.`;
        group.refreshSurplus = 0;
        cloud.changed();
      }
      if (now < refresh.checkpointUntil) return;
      refresh.checkpointUntil = undefined;
      refresh.statusReason = undefined;
      refresh.nextCheckpoint++;
      cloud.changed();
      if (refresh.nextCheckpoint >= checkpoints.length) {
        // The last checkpoint was below 100%: the refresh ends there, as documented.
        finish(cloud, group, refresh, "Successful");
        return;
      }
    }
    const current = checkpoints[Math.min(refresh.nextCheckpoint, checkpoints.length - 1)]!;
    allowance = Math.ceil((refresh.instancesToUpdate * current) / 100);
  }

  if (phaseComplete(cloud, pic, group)) {
    if (refresh.status === "RollbackInProgress") {
      refresh.percentageComplete = 0;
      finish(cloud, group, refresh, "RollbackSuccessful", "The instance refresh was rolled back: every instance runs the group's launch template.");
      return;
    }
    const bake = p.bakeTime ?? 0;
    if (bake > 0) {
      refresh.status = "Baking";
      refresh.bakeUntil = now + bake * cloud.timing.apiSecondMs;
      refresh.percentageComplete = 100;
      refresh.statusReason = `Waiting for BakeTime of ${bake} seconds before completing the instance refresh.`;
      group.refreshSurplus = 0;
      cloud.changed();
      return;
    }
    finish(cloud, group, refresh, "Successful");
    return;
  }

  replaceBatch(cloud, group, refresh, pic, allowance);
  const warming = pic.serving.filter((m) => !isHealthyAndWarm(cloud, m, pic.warmup)).map((m) => m.id);
  if (refresh.checkpointUntil === undefined) {
    const reason = warming.length > 0
      ? `Waiting for instances to warm up before continuing. For example: ${warming[0]} is warming up.`
      : undefined;
    if (reason !== refresh.statusReason && refresh.status === "InProgress") {
      refresh.statusReason = reason;
      cloud.changed();
    }
  }
}
