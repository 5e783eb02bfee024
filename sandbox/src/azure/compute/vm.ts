// Microsoft.Compute/virtualMachines: create from a marketplace image, managed image or gallery image
// version with the admin user's SSH keys and customData; GET with instanceView; POST powerOff,
// deallocate, start, restart, generalize; DELETE. The VM's provisioning state follows its instance:
// Creating until the instance runs (Succeeded), Failed when it fails to boot.

import { randomUUID } from "node:crypto";
import type { AzureFace, RequestContext } from "../context.js";
import { finishOperation, operationHeaders, startOperation } from "../operations.js";
import { registerType } from "../resource-types.js";
import { forgetResource } from "../resources.js";
import type { ResourceRecord } from "../state.js";
import { ArmError, invalidParameter, type ArmResponse } from "../wire.js";
import { startInstance, stopInstance, terminateInstance } from "../../model/instances.js";
import type { InstanceRecord } from "../../model/types.js";
import { resolveImage } from "./image-source.js";
import { forgetInstanceKey, launchAzureInstance, powerStateOf, publicKeysOf, statusList, validateCustomData } from "./instance.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

/** Names Azure refuses as adminUsername (from the VM API's documented list). */
const RESERVED_USERS = new Set([
  "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a", "actuser", "adm", "admin2", "aspnet", "backup", "console",
  "david", "guest", "john", "owner", "root", "server", "sql", "support", "support_388945a0", "sys", "test2", "test3", "user4", "user5",
]);

export function validateOsProfile(osProfile: Json, target: string): void {
  const user = osProfile.adminUsername;
  if (typeof user !== "string" || user === "") throw invalidParameter("Required parameter 'adminUsername' is missing (null).", `${target}.adminUsername`);
  if (RESERVED_USERS.has(user.toLowerCase()) || !/^[a-z_][a-z0-9_.-]{0,63}$/i.test(user) || user.endsWith(".")) {
    throw invalidParameter("The Admin Username specified is not allowed.", `${target}.adminUsername`);
  }
  const linux = obj(osProfile.linuxConfiguration);
  const keys = publicKeysOf(osProfile);
  if (keys.length === 0 && typeof osProfile.adminPassword !== "string") {
    throw invalidParameter("Required parameter 'adminPassword' is missing (null).", `${target}.adminPassword`);
  }
  if (linux.disablePasswordAuthentication === true && keys.length === 0) {
    throw invalidParameter("Authentication using either SSH or by user name and password must be enabled in Linux profile.", `${target}.linuxConfiguration`);
  }
}

/** The osProfile as ARM returns it: no password, no customData. */
export function shownOsProfile(osProfile: Json, computerName: string): Json {
  const { adminPassword: _password, customData: _customData, ...rest } = osProfile;
  const linux = obj(rest.linuxConfiguration);
  return {
    computerName,
    ...rest,
    linuxConfiguration: { disablePasswordAuthentication: linux.disablePasswordAuthentication ?? true, provisionVMAgent: true, patchSettings: { patchMode: "ImageDefault", assessmentMode: "ImageDefault" }, ...linux },
    secrets: [],
    allowExtensionOperations: true,
    requireGuestProvisionSignal: true,
  };
}

function attachNics(ctx: RequestContext, vm: ResourceRecord, networkProfile: Json): void {
  const nics = (Array.isArray(networkProfile.networkInterfaces) ? networkProfile.networkInterfaces : []) as Json[];
  if (nics.length === 0) throw invalidParameter("At least one network interface is required in networkProfile.networkInterfaces.", "networkProfile.networkInterfaces");
  for (const ref of nics) {
    const nic = typeof ref.id === "string" ? ctx.face.resource(ref.id) : undefined;
    if (!nic || nic.type !== "Microsoft.Network/networkInterfaces") throw new ArmError("NotFound", `Resource ${String(ref.id)} not found.`, 404, {}, "networkProfile.networkInterfaces");
    const owner = nic.internal.virtualMachine as string | undefined;
    if (owner && owner.toLowerCase() !== vm.id.toLowerCase() && ctx.face.resource(owner)) {
      throw new ArmError("NicInUse", `Network Interface ${nic.id} is used by existing resource ${owner}. In order to use it, it must be dissociated from that resource.`, 400);
    }
  }
  for (const ref of nics) {
    const nic = ctx.face.resource(String(ref.id))!;
    nic.internal.virtualMachine = vm.id;
  }
}

function instanceOf(face: AzureFace, vm: ResourceRecord): InstanceRecord | undefined {
  return face.cloud.state.instances[String(vm.internal.instanceId ?? "")];
}

export function vmInstanceView(face: AzureFace, vm: ResourceRecord): Json {
  const instance = instanceOf(face, vm);
  const power = vm.internal.deleting ? "deallocating" : powerStateOf(instance, vm.internal.deallocated === true);
  const extra = vm.internal.generalized ? [{ code: "OSState/generalized", level: "Info", displayStatus: "VM generalized" }] : [];
  return {
    computerName: obj(vm.properties.osProfile).computerName,
    osName: "ubuntu",
    osVersion: "22.04",
    hyperVGeneration: "V1",
    vmAgent: { vmAgentVersion: "2.11.1.4", statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: power === "running" ? "Ready" : "Not Ready", message: power === "running" ? "Guest Agent is running" : "VM status blob is found but not yet populated.", time: new Date(face.now()).toISOString() }] },
    disks: [{ name: obj(obj(vm.properties.storageProfile).osDisk).name, statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded" }] }],
    statuses: statusList(String(vm.properties.provisioningState), power, instance?.stateSince ?? vm.createdAt, extra),
  };
}

type Until = "stopped" | "running";

function startAction(ctx: RequestContext, vm: ResourceRecord, until: Until | undefined): ArmResponse {
  const op = startOperation(ctx.face, vm.location, "action");
  if (until) {
    const pending = (vm.internal.actionOps as Array<{ op: string; until: Until }> | undefined) ?? [];
    vm.internal.actionOps = [...pending, { op: op.id, until }];
    reconcileVm(ctx.face, vm);
  } else finishOperation(ctx.face, op, "Succeeded");
  ctx.face.changed();
  return { status: 202, headers: operationHeaders(ctx.face, op, ctx.apiVersion, "Microsoft.Compute", true) };
}

function notAllowed(vm: ResourceRecord, operation: string, why: string): ArmError {
  return new ArmError("OperationNotAllowed", `Operation '${operation}' is not allowed on VM '${vm.name}' since ${why}.`, 409);
}

function stopVm(ctx: RequestContext, vm: ResourceRecord, deallocate: boolean): ArmResponse {
  const instance = instanceOf(ctx.face, vm);
  if (vm.internal.deleting || !instance) throw notAllowed(vm, deallocate ? "deallocate" : "powerOff", "the VM is being deleted");
  if (instance.state === "pending") throw new ArmError("OperationNotAllowed", `Operation '${deallocate ? "deallocate" : "powerOff"}' is not allowed on VM '${vm.name}' since the VM is still starting.`, 409);
  if (instance.state === "running") stopInstance(ctx.face.cloud, instance);
  if (deallocate) vm.internal.deallocated = true;
  return startAction(ctx, vm, "stopped");
}

registerType({
  type: "Microsoft.Compute/virtualMachines",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body, existing }) {
    const properties = obj(body.properties);
    const storage = obj(properties.storageProfile);
    if (existing) {
      // An update may change tags and a few settings; the image and the OS profile stay.
      const before = obj(obj(existing.properties.storageProfile).imageReference);
      const after = obj(storage.imageReference);
      for (const key of ["publisher", "offer", "sku", "id"]) {
        if (after[key] !== undefined && String(after[key]).toLowerCase() !== String(before[key] ?? "").toLowerCase()) {
          throw new ArmError("PropertyChangeNotAllowed", "Changing property 'imageReference' is not allowed.", 409, {}, "imageReference");
        }
      }
      if (properties.hardwareProfile) record.properties.hardwareProfile = properties.hardwareProfile;
      return;
    }
    const vmSize = obj(properties.hardwareProfile).vmSize;
    if (typeof vmSize !== "string" || !vmSize) throw invalidParameter("Required parameter 'hardwareProfile.vmSize' is missing (null).", "hardwareProfile.vmSize");
    const osProfile = obj(properties.osProfile);
    validateOsProfile(osProfile, "osProfile");
    const customData = validateCustomData(osProfile.customData);
    const image = resolveImage(ctx.face, obj(storage.imageReference), record.location);
    attachNics(ctx, record, obj(properties.networkProfile));
    const computerName = String(osProfile.computerName ?? record.name).slice(0, 64);
    const instance = launchAzureInstance(ctx.face, {
      location: record.location,
      vmSize,
      layers: image.layers,
      imageLabel: image.label,
      publicKeys: publicKeysOf(osProfile),
      ...(customData ? { customData } : {}),
      hostname: computerName,
      adminUser: String(osProfile.adminUsername),
    });
    const osDiskName = `${record.name}_OsDisk_1_${randomUUID().replace(/-/g, "")}`;
    const osDisk = obj(storage.osDisk);
    record.internal = { instanceId: instance.id, layers: image.layers, adminUsername: osProfile.adminUsername };
    record.properties = {
      vmId: randomUUID(),
      hardwareProfile: { vmSize },
      storageProfile: {
        imageReference: { ...obj(storage.imageReference), ...(image.exactVersion ? { exactVersion: image.exactVersion } : {}) },
        osDisk: {
          osType: "Linux",
          name: osDiskName,
          createOption: "FromImage",
          caching: osDisk.caching ?? "ReadWrite",
          managedDisk: { storageAccountType: obj(osDisk.managedDisk).storageAccountType ?? "Premium_LRS", id: `/subscriptions/${ctx.face.subscriptionId}/resourceGroups/${record.id.split("/")[4]}/providers/Microsoft.Compute/disks/${osDiskName}` },
          deleteOption: osDisk.deleteOption ?? "Detach",
          diskSizeGB: osDisk.diskSizeGB ?? 30,
        },
        dataDisks: [],
      },
      osProfile: shownOsProfile(osProfile, computerName),
      networkProfile: { networkInterfaces: (obj(properties.networkProfile).networkInterfaces as Json[]).map((n) => ({ id: n.id, ...(n.properties ? { properties: n.properties } : {}) })) },
      ...(properties.diagnosticsProfile ? { diagnosticsProfile: properties.diagnosticsProfile } : {}),
      provisioningState: "Creating",
      timeCreated: new Date(ctx.face.now()).toISOString(),
    };
  },
  view(face, record, properties) {
    if (record.internal.generalized) properties.osProfile = { ...obj(properties.osProfile) };
    void face;
  },
  delete(face, vm) {
    const instance = instanceOf(face, vm);
    vm.internal.deleting = true;
    vm.properties.provisioningState = "Deleting";
    if (instance && instance.state !== "terminated") terminateInstance(face.cloud, instance);
    face.changed();
    return false;
  },
  reads: {
    instanceView: (ctx, vm) => ({ status: 200, body: vmInstanceView(ctx.face, vm) }),
  },
  actions: {
    powerOff: (ctx, vm) => stopVm(ctx, vm, false),
    deallocate: (ctx, vm) => stopVm(ctx, vm, true),
    start(ctx, vm) {
      const instance = instanceOf(ctx.face, vm);
      if (vm.internal.generalized) throw notAllowed(vm, "start", "the VM is generalized");
      if (!instance || vm.internal.deleting) throw notAllowed(vm, "start", "the VM is being deleted");
      if (instance.state === "stopping") throw notAllowed(vm, "start", "the VM is stopping");
      if (instance.state === "stopped") startInstance(ctx.face.cloud, instance);
      vm.internal.deallocated = false;
      return startAction(ctx, vm, "running");
    },
    restart(ctx, vm) {
      const instance = instanceOf(ctx.face, vm);
      if (!instance || instance.state !== "running") throw notAllowed(vm, "restart", "the VM is not running");
      return startAction(ctx, vm, undefined);
    },
    generalize(ctx, vm) {
      const instance = instanceOf(ctx.face, vm);
      if (instance && instance.state !== "stopped") {
        throw notAllowed(vm, "generalize", "the VM is running. Please power off explicitly in case you shut down the VM from inside the guest operating system");
      }
      vm.internal.generalized = true;
      ctx.face.changed();
      return { status: 200 };
    },
  },
  reconcile: reconcileVm,
});

export function reconcileVm(face: AzureFace, vm: ResourceRecord): void {
  const instance = instanceOf(face, vm);
  if (vm.internal.deleting) {
    if (!instance || instance.state === "terminated") {
      for (const nic of Object.values(face.state.resources)) if (nic.internal.virtualMachine === vm.id) delete nic.internal.virtualMachine;
      forgetInstanceKey(face, String(vm.internal.instanceId));
      forgetResource(face, vm);
    }
    return;
  }
  if (vm.properties.provisioningState === "Creating" || vm.properties.provisioningState === "Updating") {
    if (instance?.state === "running") {
      vm.properties.provisioningState = "Succeeded";
      face.changed();
    } else if (!instance || instance.state === "terminated" || instance.state === "shutting-down") {
      vm.properties.provisioningState = "Failed";
      vm.internal.provisioningError = { code: "OSProvisioningInternalError", message: `OS Provisioning failed for VM '${vm.name}' due to an internal error. (${instance?.stateReason?.message ?? "the instance is gone"})` };
      face.changed();
    }
  }
  const pending = (vm.internal.actionOps as Array<{ op: string; until: Until }> | undefined) ?? [];
  if (pending.length === 0) return;
  const left = pending.filter(({ op, until }) => {
    const operation = face.state.operations[op];
    if (!operation) return false;
    const reached = until === "stopped" ? !instance || instance.state === "stopped" : instance?.state === "running";
    const failed = until === "running" && (!instance || instance.state === "terminated");
    if (reached) finishOperation(face, operation, "Succeeded");
    else if (failed) finishOperation(face, operation, "Failed", { error: { code: "VMStartFailed", message: `VM '${vm.name}' failed to start.` } });
    return !reached && !failed;
  });
  if (left.length !== pending.length) {
    vm.internal.actionOps = left;
    face.changed();
  }
}
