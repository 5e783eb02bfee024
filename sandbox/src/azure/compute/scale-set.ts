// Microsoft.Compute/virtualMachineScaleSets in Uniform orchestration: create/update (PUT, PATCH) as
// long-running operations, get, list, delete; sku.capacity kept by adding or removing instances; the
// model (virtualMachineProfile) versioned so each instance reports latestModelApplied; upgradePolicy
// Manual (manualUpgrade applies the model), Automatic (every instance at once) or Rolling (a model
// change starts a rolling upgrade by itself, see rolling-upgrade.ts). Instances, their actions and the
// rolling-upgrade endpoints are in scale-set-api.ts.

import { randomUUID } from "node:crypto";
import type { AzureFace, RequestContext } from "../context.js";
import { finishOperation } from "../operations.js";
import { registerType } from "../resource-types.js";
import { forgetResource } from "../resources.js";
import type { ResourceRecord } from "../state.js";
import { ArmError, invalidParameter } from "../wire.js";
import { healthConfigOf } from "./app-health.js";
import { resolveImage } from "./image-source.js";
import { validateCustomData } from "./instance.js";
import { reconcileRollingUpgrade, startRollingUpgrade } from "./rolling-upgrade.js";
import { scaleSetActions, scaleSetChildren, scaleSetInstanceView } from "./scale-set-api.js";
import { currentModel, internalOf, liveVms, type ScaleSetInternal, type ScaleSetModel } from "./scale-set-state.js";
import { reconcileScaleSetVms, reimageVm, runtimeOf } from "./scale-set-vms.js";
import { parseUpgradePolicy } from "./upgrade-policy.js";
import { validateOsProfile } from "./vm.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** JSON with sorted keys, to tell whether a model really changed. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value as Json)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function subnetExists(face: AzureFace, id: string): boolean {
  const match = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/([^/]+)$/i.exec(id);
  if (!match) return false;
  const vnet = face.resource(match[1]!);
  return arr(vnet?.properties.subnets).some((s) => String(s.name).toLowerCase() === match[2]!.toLowerCase());
}

function validateNetwork(face: AzureFace, networkProfile: Json): void {
  const configs = arr(networkProfile.networkInterfaceConfigurations);
  if (configs.length === 0) throw invalidParameter("At least one network interface configuration is required in networkProfile.networkInterfaceConfigurations.", "virtualMachineProfile.networkProfile.networkInterfaceConfigurations");
  for (const [i, config] of configs.entries()) {
    const target = `virtualMachineProfile.networkProfile.networkInterfaceConfigurations[${i}]`;
    if (typeof config.name !== "string" || !config.name) throw invalidParameter(`Required parameter 'name' is missing (null).`, `${target}.name`);
    const ipConfigs = arr(obj(config.properties).ipConfigurations);
    if (ipConfigs.length === 0) throw invalidParameter("At least one IP configuration is required.", `${target}.properties.ipConfigurations`);
    for (const ip of ipConfigs) {
      const subnet = obj(obj(ip.properties).subnet).id;
      if (typeof subnet === "string" && !subnetExists(face, subnet)) throw new ArmError("NotFound", `Resource ${subnet} not found.`, 404, {}, `${target}.properties.ipConfigurations.subnet.id`);
      for (const pool of arr(obj(ip.properties).loadBalancerBackendAddressPools)) {
        const lbId = String(pool.id ?? "").replace(/\/backendAddressPools\/[^/]+$/i, "");
        if (!face.resource(lbId)) throw new ArmError("NotFound", `Resource ${String(pool.id)} not found.`, 404, {}, `${target}.properties.ipConfigurations.loadBalancerBackendAddressPools`);
      }
    }
  }
}

/**
 * Fills an update's profile in from the previous one: values clients never see (customData, the
 * password) and parts an update may leave out and the compute RP keeps (az vmss update sends an
 * empty storageProfile so as not to touch the image).
 */
function withKeptParts(profile: Json, previous: Json | undefined): Json {
  if (!previous) return profile;
  const os = Object.keys(obj(profile.osProfile)).length > 0 ? obj(profile.osProfile) : obj(previous.osProfile);
  const before = obj(previous.osProfile);
  const merged = { ...os };
  if (merged.customData === undefined && before.customData !== undefined) merged.customData = before.customData;
  if (merged.adminPassword === undefined && before.adminPassword !== undefined) merged.adminPassword = before.adminPassword;
  const storage = obj(profile.storageProfile);
  const storageBefore = obj(previous.storageProfile);
  const keptStorage = {
    ...storage,
    ...(Object.keys(obj(storage.imageReference)).length === 0 && storageBefore.imageReference ? { imageReference: storageBefore.imageReference } : {}),
    ...(storage.osDisk === undefined && storageBefore.osDisk ? { osDisk: storageBefore.osDisk } : {}),
  };
  return {
    ...profile,
    osProfile: merged,
    storageProfile: keptStorage,
    ...(profile.networkProfile === undefined && previous.networkProfile ? { networkProfile: previous.networkProfile } : {}),
  };
}

/** The profile as GET shows it: no customData, no password. */
function shownProfile(profile: Json): Json {
  const { customData: _c, adminPassword: _p, ...os } = obj(profile.osProfile);
  return { ...profile, osProfile: os };
}

function newModel(ctx: RequestContext, record: ResourceRecord, profile: Json, version: number): ScaleSetModel {
  const osProfile = obj(profile.osProfile);
  validateOsProfile(osProfile, "virtualMachineProfile.osProfile");
  validateCustomData(osProfile.customData);
  const prefix = osProfile.computerNamePrefix;
  if (prefix !== undefined && (typeof prefix !== "string" || !/^[A-Za-z0-9][A-Za-z0-9-]{0,8}$/.test(prefix))) {
    throw invalidParameter("The computer name prefix must be 1 to 9 letters, digits or hyphens, not starting with a hyphen.", "virtualMachineProfile.osProfile.computerNamePrefix");
  }
  validateNetwork(ctx.face, obj(profile.networkProfile));
  const image = resolveImage(ctx.face, obj(obj(profile.storageProfile).imageReference), record.location);
  healthConfigOf(ctx.face, profile);
  return { version, profile, layers: image.layers, label: image.label, ...(image.exactVersion ? { exactVersion: image.exactVersion } : {}) };
}

function putScaleSet(ctx: RequestContext, record: ResourceRecord, body: Json, existing: ResourceRecord | undefined): void {
  const properties = obj(body.properties);
  const sku = obj(body.sku);
  if (!existing && typeof sku.name !== "string") throw invalidParameter("Required parameter 'sku.name' is missing (null).", "sku.name");
  const capacityValue = sku.capacity ?? (existing?.sku as Json | undefined)?.capacity ?? 0;
  if (typeof capacityValue !== "number" || !Number.isInteger(capacityValue) || capacityValue < 0 || capacityValue > 1000) {
    throw invalidParameter(`The value ${JSON.stringify(capacityValue)} of parameter 'sku.capacity' must be an integer between 0 and 1000.`, "sku.capacity");
  }
  const orchestration = String(properties.orchestrationMode ?? "Uniform");
  if (orchestration.toLowerCase() !== "uniform") {
    throw invalidParameter(`The sandbox serves scale sets in Uniform orchestration only, not '${orchestration}'.`, "properties.orchestrationMode");
  }
  // An update keeps policy fields it leaves out (older api-versions know no maxSurge or rollback).
  const policyBefore = obj(existing?.properties.upgradePolicy);
  const policyBody = obj(properties.upgradePolicy ?? policyBefore);
  const upgradePolicy = parseUpgradePolicy({
    ...policyBody,
    rollingUpgradePolicy: { ...obj(policyBefore.rollingUpgradePolicy), ...obj(policyBody.rollingUpgradePolicy) },
  });
  const internal: ScaleSetInternal = existing
    ? (structuredClone(existing.internal) as unknown as ScaleSetInternal)
    : { models: {}, modelVersion: 0, vms: [], nextInstanceId: 0, pending: [] };
  const previous = existing ? currentModel(existing) : undefined;
  const profileBody = properties.virtualMachineProfile === undefined ? previous?.profile : obj(properties.virtualMachineProfile);
  if (!profileBody) throw invalidParameter("Required parameter 'virtualMachineProfile' is missing (null).", "properties.virtualMachineProfile");
  const profile = withKeptParts(profileBody, previous?.profile);
  let modelChanged = false;
  if (!previous || canonical(profile) !== canonical(previous.profile)) {
    const model = newModel(ctx, record, profile, internal.modelVersion + 1);
    internal.models[String(model.version)] = model;
    internal.modelVersion = model.version;
    modelChanged = previous !== undefined;
  }
  const health = healthConfigOf(ctx.face, profile);
  if (upgradePolicy.mode === "Rolling" && !health) {
    throw new ArmError("BadRequest", "Rolling Upgrade mode is not supported for this Virtual Machine Scale Set because a health probe or health extension was not specified.", 400, {}, "upgradePolicy.mode");
  }
  const capacityChanged = !existing || capacityValue !== Number((existing.sku as Json | undefined)?.capacity ?? 0);
  record.sku = { name: String(sku.name ?? (existing?.sku as Json | undefined)?.name), tier: String(sku.tier ?? "Standard"), capacity: capacityValue };
  record.internal = { ...(internal as unknown as Json), awaitInstances: capacityChanged || (modelChanged && upgradePolicy.mode === "Automatic") };
  record.properties = {
    singlePlacementGroup: properties.singlePlacementGroup ?? true,
    orchestrationMode: "Uniform",
    upgradePolicy: { mode: upgradePolicy.mode, rollingUpgradePolicy: upgradePolicy.rollingUpgradePolicy, ...(upgradePolicy.automaticOSUpgradePolicy ? { automaticOSUpgradePolicy: upgradePolicy.automaticOSUpgradePolicy } : {}) },
    ...(properties.scaleInPolicy ? { scaleInPolicy: properties.scaleInPolicy } : {}),
    overprovision: properties.overprovision ?? false,
    doNotRunExtensionsOnOverprovisionedVMs: properties.doNotRunExtensionsOnOverprovisionedVMs ?? false,
    platformFaultDomainCount: properties.platformFaultDomainCount ?? 1,
    uniqueId: existing?.properties.uniqueId ?? randomUUID(),
    timeCreated: existing?.properties.timeCreated ?? new Date(ctx.face.now()).toISOString(),
    provisioningState: existing ? "Updating" : "Creating",
  };
  if (modelChanged && upgradePolicy.mode === "Rolling") startRollingUpgrade(ctx.face, record, upgradePolicy.rollingUpgradePolicy, "model");
}

/** Operations waiting for instances (manualUpgrade, power actions, instance deletes) end here. */
function settlePending(face: AzureFace, record: ResourceRecord): void {
  const internal = internalOf(record);
  if (internal.pending.length === 0) return;
  internal.pending = internal.pending.filter((pending) => {
    const op = face.state.operations[pending.op];
    if (!op || op.status !== "InProgress") return false;
    const vms = pending.instanceIds.map((id) => internal.vms.find((vm) => vm.instanceId === id));
    let done: boolean;
    switch (pending.until) {
      case "deleted":
        done = vms.every((vm) => !vm);
        break;
      case "provisioned":
        done = vms.every((vm) => !vm || (vm.relaunch === undefined && (vm.provisioningState === "Succeeded" || vm.provisioningState === "Failed")));
        break;
      case "running":
        done = vms.every((vm) => !vm || (vm.want === undefined && runtimeOf(face, vm)?.state === "running") || vm.provisioningState === "Failed");
        break;
      case "stopped":
        done = vms.every((vm) => !vm || (vm.want === undefined && runtimeOf(face, vm)?.state !== "running"));
        break;
    }
    if (!done) return true;
    const failed = vms.find((vm) => vm?.provisioningState === "Failed");
    if (failed && pending.until !== "deleted" && pending.until !== "stopped") finishOperation(face, op, "Failed", { error: failed.error ?? { code: "VMExtensionProvisioningError", message: `Instance ${failed.instanceId} failed.` } });
    else finishOperation(face, op, "Succeeded");
    return false;
  });
  face.changed();
}

function reconcileScaleSet(face: AzureFace, record: ResourceRecord): void {
  const internal = internalOf(record);
  reconcileScaleSetVms(face, record);
  if (internal.deleting) {
    if (internal.vms.length === 0) forgetResource(face, record);
    return;
  }
  const mode = String(obj(record.properties.upgradePolicy).mode);
  if (mode === "Automatic") {
    for (const vm of liveVms(record)) {
      if (vm.model !== internal.modelVersion && vm.relaunch === undefined && vm.provisioningState !== "Updating" && vm.provisioningState !== "Creating") reimageVm(face, vm, internal.modelVersion);
    }
  }
  reconcileRollingUpgrade(face, record);
  settlePending(face, record);
  const state = record.properties.provisioningState;
  if (state === "Creating" || state === "Updating") {
    const awaiting = (record.internal as Json).awaitInstances === true;
    const live = liveVms(record);
    const settled = live.every((vm) => vm.provisioningState === "Succeeded" || vm.provisioningState === "Failed");
    if (!awaiting || settled) {
      const failed = awaiting ? live.find((vm) => vm.provisioningState === "Failed") : undefined;
      record.properties.provisioningState = failed ? "Failed" : "Succeeded";
      if (failed) record.internal.provisioningError = failed.error ?? { code: "OSProvisioningInternalError", message: `Instance ${failed.instanceId} failed to provision.` };
      else delete record.internal.provisioningError;
      face.changed();
    }
  }
}

registerType({
  type: "Microsoft.Compute/virtualMachineScaleSets",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body, existing }) {
    if (existing && internalOf(existing).deleting) throw new ArmError("OperationNotAllowed", `The scale set '${existing.name}' is being deleted.`, 409);
    putScaleSet(ctx, record, body, existing);
  },
  view(face, record, properties) {
    properties.virtualMachineProfile = shownProfile(currentModel(record).profile);
    void face;
  },
  delete(face, record) {
    const internal = internalOf(record);
    internal.deleting = true;
    record.properties.provisioningState = "Deleting";
    const rolling = internal.rolling;
    if (rolling?.status === "RollingForward") rolling.status = "Cancelled";
    reconcileScaleSetVms(face, record);
    face.changed();
    return false;
  },
  reads: {
    instanceView: (ctx, record) => ({ status: 200, body: scaleSetInstanceView(ctx.face, record) }),
  },
  actions: scaleSetActions,
  children: scaleSetChildren,
  reconcile: reconcileScaleSet,
});
