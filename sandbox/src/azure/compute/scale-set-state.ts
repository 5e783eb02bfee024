// What the sandbox keeps for a scale set (in its record's `internal`, saved with the sandbox state):
// every model it has had (the virtualMachineProfile and the image layers it resolved to, so an instance
// can be rolled back to the model it ran before), its instances, the latest rolling upgrade, and the
// operations waiting for instances to reach a state.

import type { ResourceRecord } from "../state.js";
import type { HealthRecord } from "./app-health.js";
import type { RollingPolicy } from "./upgrade-policy.js";

type Json = Record<string, unknown>;

export interface ScaleSetModel {
  version: number;
  /** The virtualMachineProfile as sent (customData included; never shown). */
  profile: Json;
  layers: string[];
  label: string;
  exactVersion?: string;
}

export interface ScaleSetVm {
  /** Azure's instance id: "0", "1", … */
  instanceId: string;
  vmId: string;
  /** The sandbox instance (runtime process) currently backing it. */
  runtimeId: string;
  ip: string;
  model: number;
  /** The model it ran before its last upgrade (rollback target). */
  previousModel?: number;
  provisioningState: "Creating" | "Updating" | "Succeeded" | "Failed" | "Deleting";
  /** Set while reimaging: launch this model once the old process is gone. */
  relaunch?: number;
  /** Power the user asked for (start / deallocate / powerOff / restart). */
  want?: "running" | "stopped" | "deallocated" | "restart";
  deallocated?: boolean;
  /** Created by a maxSurge batch, not yet counted toward capacity. */
  surge?: boolean;
  health?: HealthRecord;
  createdAt: number;
  error?: { code: string; message: string };
}

export interface RollingUpgradeState {
  id: string;
  status: "RollingForward" | "Cancelled" | "Completed" | "Faulted";
  kind: "model" | "os";
  policy: RollingPolicy;
  targetModel: number;
  startTime: number;
  lastAction: "Start" | "Cancel";
  lastActionTime: number;
  endTime?: number;
  phase: "next" | "batch" | "pause" | "rollback";
  /** Instance ids of the running batch (with maxSurge: the new instances). */
  batch: string[];
  /** maxSurge: the old instances the batch replaces. */
  replacing: string[];
  pauseUntil?: number;
  succeeded: string[];
  failed: string[];
  rollingBack: string[];
  error?: { code: string; message: string; details?: Json[] };
  /** The osRollingUpgrade operation that ends with this upgrade, if any. */
  operation?: string;
}

export interface PendingOp {
  op: string;
  instanceIds: string[];
  until: "provisioned" | "running" | "stopped" | "deleted";
}

export interface ScaleSetInternal {
  models: Record<string, ScaleSetModel>;
  modelVersion: number;
  vms: ScaleSetVm[];
  nextInstanceId: number;
  rolling?: RollingUpgradeState;
  pending: PendingOp[];
  deleting?: boolean;
}

export function internalOf(record: ResourceRecord): ScaleSetInternal {
  return record.internal as unknown as ScaleSetInternal;
}

export function currentModel(record: ResourceRecord): ScaleSetModel {
  const internal = internalOf(record);
  return internal.models[String(internal.modelVersion)]!;
}

export function capacityOf(record: ResourceRecord): number {
  return Number((record.sku as { capacity?: number } | undefined)?.capacity ?? 0);
}

/** Instances that count: not being deleted, not surge instances of a batch in flight. */
export function liveVms(record: ResourceRecord): ScaleSetVm[] {
  return internalOf(record).vms.filter((vm) => vm.provisioningState !== "Deleting" && !vm.surge);
}
