// A scale set's instances on the sandbox's instance model: each is a runtime instance booted from its
// model's image with the model's customData and admin SSH keys. Reimage (manualUpgrade, a rolling
// batch, reimage, rollback) ends the old process and boots the chosen model under the same instance
// id and private address, as Azure keeps both. Provisioning follows the process: Creating/Updating
// until it runs, Failed when it fails to boot. Power requests (start, powerOff, deallocate, restart)
// and the health probes are driven on every reconcile tick.

import { randomUUID } from "node:crypto";
import type { AzureFace } from "../context.js";
import type { ResourceRecord } from "../state.js";
import { startInstance, stopInstance, terminateInstance } from "../../model/instances.js";
import type { InstanceRecord } from "../../model/types.js";
import { applyProbe, healthConfigOf, probeOnce, type HealthConfig } from "./app-health.js";
import { forgetInstanceKey, launchAzureInstance, publicKeysOf } from "./instance.js";
import { capacityOf, currentModel, internalOf, liveVms, type ScaleSetModel, type ScaleSetVm } from "./scale-set-state.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

export function computerNameOf(record: ResourceRecord, model: ScaleSetModel, instanceId: string): string {
  const prefix = String(obj(model.profile.osProfile).computerNamePrefix ?? record.name).slice(0, 9);
  return `${prefix}${Number(instanceId).toString(36).padStart(6, "0")}`;
}

export function runtimeOf(face: AzureFace, vm: ScaleSetVm): InstanceRecord | undefined {
  return face.cloud.state.instances[vm.runtimeId];
}

function boot(face: AzureFace, record: ResourceRecord, model: ScaleSetModel, instanceId: string, ip?: string): InstanceRecord {
  const osProfile = obj(model.profile.osProfile);
  const customData = typeof osProfile.customData === "string" && osProfile.customData !== "" ? osProfile.customData : undefined;
  return launchAzureInstance(face, {
    location: record.location,
    vmSize: String((record.sku as { name?: string } | undefined)?.name ?? "Standard_B1s"),
    layers: model.layers,
    imageLabel: model.label,
    publicKeys: publicKeysOf(osProfile),
    ...(customData ? { customData } : {}),
    hostname: computerNameOf(record, model, instanceId),
    adminUser: String(osProfile.adminUsername ?? ""),
    ...(ip ? { ip } : {}),
  });
}

/** Adds an instance running the given model (the current one unless said otherwise). */
export function addVm(face: AzureFace, record: ResourceRecord, options: { model?: number; surge?: boolean } = {}): ScaleSetVm {
  const internal = internalOf(record);
  const model = options.model === undefined ? currentModel(record) : internal.models[String(options.model)]!;
  const instanceId = String(internal.nextInstanceId++);
  const instance = boot(face, record, model, instanceId);
  const vm: ScaleSetVm = {
    instanceId,
    vmId: randomUUID(),
    runtimeId: instance.id,
    ip: instance.ip,
    model: model.version,
    provisioningState: "Creating",
    createdAt: face.now(),
    ...(options.surge ? { surge: true } : {}),
  };
  internal.vms.push(vm);
  face.changed();
  return vm;
}

function endProcess(face: AzureFace, vm: ScaleSetVm): void {
  const instance = runtimeOf(face, vm);
  if (instance && instance.state !== "terminated" && instance.state !== "shutting-down") terminateInstance(face.cloud, instance);
}

/** Reimages an instance with a model: a fresh OS disk from that model's image. */
export function reimageVm(face: AzureFace, vm: ScaleSetVm, model: number): void {
  if (vm.provisioningState === "Deleting") return;
  if (vm.model !== model) vm.previousModel = vm.model;
  vm.relaunch = model;
  vm.provisioningState = "Updating";
  delete vm.health;
  delete vm.error;
  delete vm.want;
  vm.deallocated = false;
  endProcess(face, vm);
  face.changed();
}

export function deleteVm(face: AzureFace, vm: ScaleSetVm): void {
  vm.provisioningState = "Deleting";
  delete vm.relaunch;
  endProcess(face, vm);
  face.changed();
}

/** The scale set's health signal (from its current model), or undefined. */
export function healthConfig(face: AzureFace, record: ResourceRecord, model?: ScaleSetModel): HealthConfig | undefined {
  try {
    return healthConfigOf(face, (model ?? currentModel(record)).profile);
  } catch {
    return undefined; // validated on PUT; a load balancer deleted since then leaves no signal
  }
}

const probing = new WeakMap<AzureFace, Set<string>>();

function probe(face: AzureFace, record: ResourceRecord, vm: ScaleSetVm, config: HealthConfig): void {
  const inFlight = probing.get(face) ?? new Set<string>();
  probing.set(face, inFlight);
  const key = `${record.id}/${vm.instanceId}/${vm.runtimeId}`;
  if (inFlight.has(key)) return;
  inFlight.add(key);
  vm.health!.lastProbe = face.now();
  const apiSecondMs = face.cloud.timing.apiSecondMs;
  void probeOnce(vm.ip, config, config.intervalSeconds * apiSecondMs).then((healthy) => {
    inFlight.delete(key);
    // The record may have been replaced (an update clones it): find the instance again.
    const current = face.resource(record.id);
    const target = current ? internalOf(current).vms.find((v) => v.instanceId === vm.instanceId && v.runtimeId === vm.runtimeId) : undefined;
    if (!target?.health) return;
    if (applyProbe(target.health, config, healthy, face.now(), apiSecondMs)) face.changed();
  });
}

function reconcileVm(face: AzureFace, record: ResourceRecord, vm: ScaleSetVm, config: HealthConfig | undefined): boolean {
  const cloud = face.cloud;
  let instance = runtimeOf(face, vm);
  const gone = !instance || instance.state === "terminated";
  if (vm.provisioningState === "Deleting") {
    if (gone) {
      forgetInstanceKey(face, vm.runtimeId);
      return false;
    }
    endProcess(face, vm);
    return true;
  }
  if (vm.relaunch !== undefined) {
    if (!gone) {
      endProcess(face, vm);
      return true;
    }
    forgetInstanceKey(face, vm.runtimeId);
    const model = internalOf(record).models[String(vm.relaunch)]!;
    instance = boot(face, record, model, vm.instanceId, vm.ip);
    vm.runtimeId = instance.id;
    vm.model = model.version;
    delete vm.relaunch;
    face.changed();
  }
  if (vm.provisioningState === "Creating" || vm.provisioningState === "Updating") {
    if (instance?.state === "running") {
      vm.provisioningState = "Succeeded";
      face.changed();
    } else if (!instance || instance.state === "terminated" || instance.state === "shutting-down") {
      vm.provisioningState = "Failed";
      vm.error = { code: "OSProvisioningInternalError", message: `OS Provisioning failed for VM '${record.name}_${vm.instanceId}' due to an internal error. (${instance?.stateReason?.message ?? "the instance is gone"})` };
      face.changed();
    }
  }
  if (instance && vm.want) {
    const state = instance.state;
    if (vm.want === "restart") {
      if (state === "running") stopInstance(cloud, instance);
      if (state === "running" || state === "stopping") vm.want = "running";
    } else if (vm.want === "running") {
      if (state === "stopped") startInstance(cloud, instance);
      if (state === "running") delete vm.want;
      vm.deallocated = false;
    } else {
      if (state === "running") stopInstance(cloud, instance);
      if (state === "stopped") {
        vm.deallocated = vm.want === "deallocated";
        delete vm.want;
      }
    }
    face.changed();
  }
  if (config && instance?.state === "running" && vm.provisioningState === "Succeeded") {
    if (!vm.health || vm.health.instanceId !== instance.id || vm.health.runningSince !== instance.stateSince) {
      vm.health = { state: "initializing", passes: 0, fails: 0, lastProbe: 0, instanceId: instance.id, runningSince: instance.stateSince };
      face.changed();
    }
    if (face.now() - vm.health.lastProbe >= config.intervalSeconds * cloud.timing.apiSecondMs) probe(face, record, vm, config);
  } else if (vm.health && instance?.state !== "running") {
    delete vm.health;
    face.changed();
  }
  return true;
}

/** One tick for a scale set's instances: lifecycle, health, and capacity (scale out / in). */
export function reconcileScaleSetVms(face: AzureFace, record: ResourceRecord): void {
  const internal = internalOf(record);
  const config = healthConfig(face, record);
  const kept = internal.vms.filter((vm) => reconcileVm(face, record, vm, config));
  if (kept.length !== internal.vms.length) {
    internal.vms = kept;
    face.changed();
  }
  if (internal.deleting) {
    for (const vm of internal.vms) if (vm.provisioningState !== "Deleting") deleteVm(face, vm);
    return;
  }
  const live = liveVms(record);
  const capacity = capacityOf(record);
  for (let n = live.length; n < capacity; n++) addVm(face, record);
  if (live.length > capacity) {
    // Azure's default scale-in policy (one zone here): the highest instance ids go first.
    const order = [...live].sort((a, b) => Number(b.instanceId) - Number(a.instanceId));
    for (const vm of order.slice(0, live.length - capacity)) deleteVm(face, vm);
  }
}

/** Whether an instance's health is decided: healthy, unhealthy, or (without a signal) just running. */
export function healthOf(vm: ScaleSetVm, config: HealthConfig | undefined): "healthy" | "unhealthy" | "pending" {
  if (vm.provisioningState === "Failed") return "unhealthy";
  if (vm.provisioningState !== "Succeeded") return "pending";
  if (!config) return "healthy";
  const state = vm.health?.state;
  if (state === "healthy") return "healthy";
  if (state === "unhealthy") return "unhealthy";
  return "pending";
}
