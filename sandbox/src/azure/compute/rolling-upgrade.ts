// Rolling upgrades of a scale set, as the rollingUpgradePolicy describes them: batches of at most
// maxBatchInstancePercent of the instances (unhealthy ones first with prioritizeUnhealthyInstances),
// each reimaged with the target model (or, with maxSurge, replaced by new instances that are created
// first), the batch done when every instance reports healthy or has failed; then
// pauseTimeBetweenBatches (API seconds). Before a batch the share of unhealthy instances must not
// exceed maxUnhealthyInstancePercent; after it the share of upgraded instances that failed must not
// exceed maxUnhealthyUpgradedInstancePercent. A breach stops the upgrade (Faulted, with Azure's error
// codes) and, with rollbackFailedInstancesOnPolicyBreach, reimages the failed instances with the model
// they ran before.

import { randomUUID } from "node:crypto";
import type { AzureFace } from "../context.js";
import { finishOperation } from "../operations.js";
import type { ResourceRecord } from "../state.js";
import { durationSeconds } from "./upgrade-policy.js";
import { capacityOf, internalOf, liveVms, type RollingUpgradeState, type ScaleSetVm } from "./scale-set-state.js";
import { addVm, deleteVm, healthConfig, healthOf, reimageVm, runtimeOf } from "./scale-set-vms.js";
import type { RollingPolicy } from "./upgrade-policy.js";

type Json = Record<string, unknown>;

export function startRollingUpgrade(face: AzureFace, record: ResourceRecord, policy: RollingPolicy, kind: RollingUpgradeState["kind"], operation?: string): RollingUpgradeState {
  const internal = internalOf(record);
  const previous = internal.rolling;
  if (previous?.status === "RollingForward") endUpgrade(face, previous, "Cancelled");
  const now = face.now();
  const rolling: RollingUpgradeState = {
    id: randomUUID(),
    status: "RollingForward",
    kind,
    policy: { ...policy },
    targetModel: internal.modelVersion,
    startTime: now,
    lastAction: "Start",
    lastActionTime: now,
    phase: "next",
    batch: [],
    replacing: [],
    succeeded: [],
    failed: [],
    rollingBack: [],
    ...(operation ? { operation } : {}),
  };
  internal.rolling = rolling;
  face.changed();
  return rolling;
}

function endUpgrade(face: AzureFace, rolling: RollingUpgradeState, status: RollingUpgradeState["status"], error?: RollingUpgradeState["error"]): void {
  rolling.status = status;
  rolling.endTime = face.now();
  if (error) rolling.error = error;
  const op = rolling.operation ? face.state.operations[rolling.operation] : undefined;
  if (op && rolling.phase !== "rollback") {
    if (status === "Completed") finishOperation(face, op, "Succeeded");
    else if (status === "Cancelled") finishOperation(face, op, "Canceled", { error: { code: "OperationPreempted", message: "The rolling upgrade was cancelled." } });
    else finishOperation(face, op, "Failed", { error: { code: error?.code ?? "RollingUpgradeFailed", message: error?.message ?? "The rolling upgrade failed." } });
  }
  face.changed();
}

export function cancelRollingUpgrade(face: AzureFace, rolling: RollingUpgradeState): void {
  rolling.lastAction = "Cancel";
  rolling.lastActionTime = face.now();
  endUpgrade(face, rolling, "Cancelled");
}

function find(record: ResourceRecord, instanceId: string): ScaleSetVm | undefined {
  return internalOf(record).vms.find((vm) => vm.instanceId === instanceId);
}

/** Healthy, unhealthy, or still being decided; an instance that stopped or vanished is unhealthy. */
function verdict(face: AzureFace, record: ResourceRecord, vm: ScaleSetVm | undefined): "healthy" | "unhealthy" | "pending" {
  if (!vm || vm.provisioningState === "Deleting") return "unhealthy";
  if (vm.provisioningState === "Succeeded" && runtimeOf(face, vm)?.state !== "running") return "unhealthy";
  return healthOf(vm, healthConfig(face, record));
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

function breach(face: AzureFace, record: ResourceRecord, rolling: RollingUpgradeState, error: NonNullable<RollingUpgradeState["error"]>): void {
  endUpgrade(face, rolling, "Faulted", error);
  if (!rolling.policy.rollbackFailedInstancesOnPolicyBreach) return;
  // Failed instances go back to the model they ran before (surge instances that failed are already gone).
  for (const id of rolling.failed) {
    const vm = find(record, id);
    if (vm && vm.previousModel !== undefined && vm.model === rolling.targetModel) {
      reimageVm(face, vm, vm.previousModel);
      rolling.rollingBack.push(id);
    }
  }
  if (rolling.rollingBack.length > 0) rolling.phase = "rollback";
  face.changed();
}

function finishBatch(face: AzureFace, record: ResourceRecord, rolling: RollingUpgradeState, verdicts: Array<"healthy" | "unhealthy">): void {
  const policy = rolling.policy;
  rolling.batch.forEach((id, i) => {
    const vm = find(record, id);
    const replaced = rolling.replacing[i];
    if (verdicts[i] === "healthy") {
      if (replaced !== undefined) {
        if (vm) delete vm.surge;
        const old = find(record, replaced);
        if (old) deleteVm(face, old);
      }
      rolling.succeeded.push(id);
    } else if (replaced !== undefined) {
      // A surge instance that failed goes; the instance it was to replace keeps running its old model.
      if (vm) deleteVm(face, vm);
      rolling.failed.push(replaced);
    } else rolling.failed.push(id);
  });
  rolling.batch = [];
  rolling.replacing = [];
  const upgraded = rolling.succeeded.length + rolling.failed.length;
  const failedShare = percent(rolling.failed.length, upgraded);
  if (failedShare > policy.maxUnhealthyUpgradedInstancePercent) {
    breach(face, record, rolling, {
      code: "MaxUnhealthyUpgradedInstancePercentExceededInRollingUpgrade",
      message: `Rolling Upgrade failed after exceeding the MaxUnhealthyUpgradedInstancePercent value defined in the RollingUpgradePolicy. ${failedShare}% of instances are in an unhealthy state after being upgraded - more than the threshold of ${policy.maxUnhealthyUpgradedInstancePercent}%. The most impactful error is: Instance found to be unhealthy or unreachable.. First failed instance ID is: ${rolling.failed[0]}.`,
    });
    return;
  }
  const pauseMs = (durationSeconds(policy.pauseTimeBetweenBatches) ?? 0) * face.cloud.timing.apiSecondMs;
  rolling.phase = pauseMs > 0 ? "pause" : "next";
  if (pauseMs > 0) rolling.pauseUntil = face.now() + pauseMs;
  face.changed();
}

function startBatch(face: AzureFace, record: ResourceRecord, rolling: RollingUpgradeState): void {
  const policy = rolling.policy;
  const live = liveVms(record);
  const done = new Set([...rolling.succeeded, ...rolling.failed]);
  const pending = live.filter((vm) => vm.model !== rolling.targetModel && !done.has(vm.instanceId));
  if (pending.length === 0) {
    endUpgrade(face, rolling, "Completed");
    return;
  }
  const unhealthy = live.filter((vm) => verdict(face, record, vm) === "unhealthy");
  const unhealthyShare = percent(unhealthy.length, live.length);
  if (unhealthyShare > policy.maxUnhealthyInstancePercent) {
    breach(face, record, rolling, {
      code: "MaxUnhealthyInstancePercentExceededInRollingUpgrade",
      message: `Rolling Upgrade failed after exceeding the MaxUnhealthyInstancePercent value defined in the RollingUpgradePolicy. ${unhealthyShare}% of instances are in an unhealthy state - more than the threshold of ${policy.maxUnhealthyInstancePercent}%. The most impactful error is: Instance found to be unhealthy or unreachable.. First unhealthy instance ID is: ${unhealthy[0]!.instanceId}.`,
    });
    return;
  }
  const size = Math.max(1, Math.floor((Math.max(capacityOf(record), live.length) * policy.maxBatchInstancePercent) / 100));
  const unhealthyIds = new Set(unhealthy.map((vm) => vm.instanceId));
  const order = [...pending].sort((a, b) => {
    if (policy.prioritizeUnhealthyInstances) {
      const rank = Number(unhealthyIds.has(b.instanceId)) - Number(unhealthyIds.has(a.instanceId));
      if (rank !== 0) return rank;
    }
    return Number(a.instanceId) - Number(b.instanceId);
  });
  const batch = order.slice(0, size);
  if (policy.maxSurge) {
    rolling.replacing = batch.map((vm) => vm.instanceId);
    rolling.batch = batch.map((vm) => {
      const added = addVm(face, record, { model: rolling.targetModel, surge: true });
      added.previousModel = vm.model;
      return added.instanceId;
    });
  } else {
    for (const vm of batch) reimageVm(face, vm, rolling.targetModel);
    rolling.batch = batch.map((vm) => vm.instanceId);
  }
  rolling.phase = "batch";
  face.changed();
}

/** One tick of the scale set's rolling upgrade, if one is running (or rolling failed instances back). */
export function reconcileRollingUpgrade(face: AzureFace, record: ResourceRecord): void {
  const rolling = internalOf(record).rolling;
  if (!rolling) return;
  if (rolling.phase === "rollback") {
    const busy = rolling.rollingBack.some((id) => {
      const vm = find(record, id);
      return vm !== undefined && (vm.provisioningState === "Updating" || vm.relaunch !== undefined);
    });
    if (busy) return;
    rolling.phase = "next";
    endUpgrade(face, rolling, rolling.status, rolling.error);
    return;
  }
  if (rolling.status !== "RollingForward") return;
  if (rolling.phase === "pause") {
    if (face.now() < (rolling.pauseUntil ?? 0)) return;
    rolling.phase = "next";
  }
  if (rolling.phase === "batch") {
    const verdicts = rolling.batch.map((id) => verdict(face, record, find(record, id)));
    if (verdicts.includes("pending")) return;
    finishBatch(face, record, rolling, verdicts as Array<"healthy" | "unhealthy">);
    return;
  }
  startBatch(face, record, rolling);
}

/** GET …/rollingUpgrades/latest (RollingUpgradeStatusInfo). */
export function rollingUpgradeView(face: AzureFace, record: ResourceRecord, rolling: RollingUpgradeState): Json {
  const live = liveVms(record);
  const done = new Set([...rolling.succeeded, ...rolling.failed]);
  const running = rolling.status === "RollingForward";
  const inProgress = running ? rolling.batch.length : 0;
  const pendingCount = running ? live.filter((vm) => vm.model !== rolling.targetModel && !done.has(vm.instanceId) && !rolling.replacing.includes(vm.instanceId) && !rolling.batch.includes(vm.instanceId)).length : 0;
  return {
    id: `${record.id}/rollingUpgrades/latest`,
    name: "latest",
    type: "Microsoft.Compute/virtualMachineScaleSets/rollingUpgrades",
    location: record.location,
    properties: {
      policy: rolling.policy,
      runningStatus: {
        code: rolling.status,
        startTime: new Date(rolling.startTime).toISOString(),
        lastAction: rolling.lastAction,
        lastActionTime: new Date(rolling.lastActionTime).toISOString(),
      },
      progress: {
        successfulInstanceCount: rolling.succeeded.length,
        failedInstanceCount: rolling.failed.length,
        inProgressInstanceCount: inProgress,
        pendingInstanceCount: pendingCount,
      },
      ...(rolling.error ? { error: { code: rolling.error.code, message: rolling.error.message, details: rolling.error.details ?? [] } } : {}),
    },
  };
}
