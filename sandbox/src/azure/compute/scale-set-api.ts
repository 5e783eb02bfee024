// The scale set's endpoints beyond create/get/delete: POST actions on sets of instances
// (manualUpgrade, reimage, restart, powerOff, deallocate, start, delete, osRollingUpgrade), the
// instance view, the virtualMachines collection (list/get with latestModelApplied, instanceView,
// per-instance actions, delete, networkInterfaces) and rollingUpgrades (latest, cancel). Actions answer
// 202 with Azure-AsyncOperation and Location; the operation ends when the instances got there.

import type { AzureFace, RequestContext } from "../context.js";
import { finishOperation, operationHeaders, startOperation } from "../operations.js";
import type { ResourceRecord } from "../state.js";
import { ArmError, invalidParameter, notFound, type ArmResponse } from "../wire.js";
import { vmHealthView } from "./app-health.js";
import { powerStateOf, statusList } from "./instance.js";
import { resolveImage } from "./image-source.js";
import { cancelRollingUpgrade, rollingUpgradeView, startRollingUpgrade } from "./rolling-upgrade.js";
import { capacityOf, currentModel, internalOf, liveVms, type PendingOp, type ScaleSetVm } from "./scale-set-state.js";
import { computerNameOf, deleteVm, healthConfig, reimageVm, runtimeOf } from "./scale-set-vms.js";
import type { RollingPolicy } from "./upgrade-policy.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

const VM_TYPE = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines";

function groupName(record: ResourceRecord): string {
  return record.id.split("/")[4]!;
}

/** The instances an action names: instanceIds (["*"] or absent = all, when allowed). */
function targets(ctx: RequestContext, record: ResourceRecord, required: boolean): ScaleSetVm[] {
  const ids = ctx.body.instanceIds;
  const live = liveVms(record);
  if (ids === undefined || ids === null) {
    if (required) throw invalidParameter("Required parameter 'instanceIds' is missing (null).", "instanceIds");
    return live;
  }
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) throw invalidParameter("The value of parameter instanceIds must be a list of instance id strings.", "instanceIds");
  if (ids.includes("*")) return live;
  return (ids as string[]).map((id) => {
    const vm = live.find((v) => v.instanceId === id);
    if (!vm) throw new ArmError("InvalidParameter", `The provided instanceId ${id} is not an active Virtual Machine Scale Set VM instanceId.`, 400, {}, "instanceIds");
    return vm;
  });
}

function accepted(ctx: RequestContext, record: ResourceRecord, vms: ScaleSetVm[], until: PendingOp["until"]): ArmResponse {
  const op = startOperation(ctx.face, record.location, "action");
  if (vms.length === 0) finishOperation(ctx.face, op, "Succeeded");
  else internalOf(record).pending.push({ op: op.id, instanceIds: vms.map((vm) => vm.instanceId), until });
  ctx.face.changed();
  return { status: 202, headers: operationHeaders(ctx.face, op, ctx.apiVersion, "Microsoft.Compute", true) };
}

function notDeleting(record: ResourceRecord): void {
  if (internalOf(record).deleting) throw new ArmError("OperationNotAllowed", `The scale set '${record.name}' is being deleted.`, 409);
}

function power(ctx: RequestContext, record: ResourceRecord, vms: ScaleSetVm[], want: NonNullable<ScaleSetVm["want"]>): ArmResponse {
  notDeleting(record);
  for (const vm of vms) {
    const state = runtimeOf(ctx.face, vm)?.state;
    if (want === "restart" && state !== "running") {
      throw new ArmError("OperationNotAllowed", `Operation 'restart' is not allowed on VM '${record.name}_${vm.instanceId}' since the VM is not running.`, 409);
    }
  }
  for (const vm of vms) vm.want = want;
  return accepted(ctx, record, vms, want === "restart" || want === "running" ? "running" : "stopped");
}

function manualUpgrade(ctx: RequestContext, record: ResourceRecord, vms: ScaleSetVm[]): ArmResponse {
  notDeleting(record);
  const latest = internalOf(record).modelVersion;
  const stale = vms.filter((vm) => vm.model !== latest);
  for (const vm of stale) reimageVm(ctx.face, vm, latest);
  return accepted(ctx, record, stale, "provisioned");
}

function reimage(ctx: RequestContext, record: ResourceRecord, vms: ScaleSetVm[]): ArmResponse {
  notDeleting(record);
  for (const vm of vms) reimageVm(ctx.face, vm, vm.model);
  return accepted(ctx, record, vms, "provisioned");
}

function deleteInstances(ctx: RequestContext, record: ResourceRecord, vms: ScaleSetVm[]): ArmResponse {
  notDeleting(record);
  // Deleting instances lowers the capacity, so they are not replaced.
  const sku = record.sku as Json;
  sku.capacity = Math.max(0, capacityOf(record) - vms.length);
  for (const vm of vms) deleteVm(ctx.face, vm);
  return accepted(ctx, record, vms, "deleted");
}

function osRollingUpgrade(ctx: RequestContext, record: ResourceRecord): ArmResponse {
  notDeleting(record);
  const internal = internalOf(record);
  const policy = obj(record.properties.upgradePolicy);
  if (internal.rolling?.status === "RollingForward") {
    throw new ArmError("RollingUpgradeInProgress", "There is an ongoing Rolling Upgrade on this Virtual Machine Scale Set.", 409);
  }
  if (!healthConfig(ctx.face, record)) {
    throw new ArmError("BadRequest", "Rolling Upgrade is not supported for this Virtual Machine Scale Set because a health probe or health extension was not specified.", 400);
  }
  // A newer OS image (a marketplace `latest`, or a gallery image definition's latest version) becomes a
  // new model with the same profile, rolled out under the scale set's rolling policy.
  const model = currentModel(record);
  const image = resolveImage(ctx.face, obj(obj(model.profile.storageProfile).imageReference), record.location);
  if (image.layers.join("\n") !== model.layers.join("\n")) {
    const version = internal.modelVersion + 1;
    internal.models[String(version)] = { ...model, version, layers: image.layers, label: image.label, ...(image.exactVersion ? { exactVersion: image.exactVersion } : {}) };
    internal.modelVersion = version;
  }
  const op = startOperation(ctx.face, record.location, "action");
  startRollingUpgrade(ctx.face, record, policy.rollingUpgradePolicy as RollingPolicy, "os", op.id);
  ctx.face.changed();
  return { status: 202, headers: operationHeaders(ctx.face, op, ctx.apiVersion, "Microsoft.Compute", true) };
}

export const scaleSetActions: Record<string, (ctx: RequestContext, record: ResourceRecord) => ArmResponse> = {
  manualUpgrade: (ctx, record) => manualUpgrade(ctx, record, targets(ctx, record, true)),
  reimage: (ctx, record) => reimage(ctx, record, targets(ctx, record, false)),
  reimageall: (ctx, record) => reimage(ctx, record, targets(ctx, record, false)),
  restart: (ctx, record) => power(ctx, record, targets(ctx, record, false), "restart"),
  start: (ctx, record) => power(ctx, record, targets(ctx, record, false), "running"),
  powerOff: (ctx, record) => power(ctx, record, targets(ctx, record, false), "stopped"),
  deallocate: (ctx, record) => power(ctx, record, targets(ctx, record, false), "deallocated"),
  delete: (ctx, record) => deleteInstances(ctx, record, targets(ctx, record, true)),
  osRollingUpgrade,
};

function lower(state: string): string {
  return state.toLowerCase();
}

/** GET …/virtualMachineScaleSets/{name}/instanceView */
export function scaleSetInstanceView(face: AzureFace, record: ResourceRecord): Json {
  const counts = new Map<string, number>();
  for (const vm of liveVms(record)) {
    const code = `ProvisioningState/${lower(vm.provisioningState)}`;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const health = healthConfig(face, record);
  const state = String(record.properties.provisioningState);
  return {
    virtualMachine: { statusesSummary: [...counts].map(([code, count]) => ({ code, count })) },
    ...(health?.source === "extension" ? { extensions: [{ name: health.name, statusesSummary: [{ code: "ProvisioningState/succeeded", count: liveVms(record).length }] }] } : {}),
    statuses: [{ code: `ProvisioningState/${lower(state)}`, level: state === "Failed" ? "Error" : "Info", displayStatus: `Provisioning ${state === "Succeeded" ? "succeeded" : state === "Failed" ? "failed" : "in progress"}`, time: new Date(face.now()).toISOString() }],
    orchestrationServices: [],
  };
}

function vmInstanceView(face: AzureFace, record: ResourceRecord, vm: ScaleSetVm): Json {
  const instance = runtimeOf(face, vm);
  const model = internalOf(record).models[String(vm.model)]!;
  const power = vm.provisioningState === "Deleting" ? "deallocating" : powerStateOf(instance, vm.deallocated === true);
  const health = healthConfig(face, record, model);
  const extensionStatus = health?.source === "extension" && instance?.state === "running"
    ? [{ name: health.name, type: "Microsoft.ManagedServices.ApplicationHealthLinux", typeHandlerVersion: "2.0", statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: `Application health: ${vm.health?.state ?? "unknown"}` }] }]
    : [];
  return {
    platformUpdateDomain: Number(vm.instanceId) % 5,
    platformFaultDomain: 0,
    computerName: computerNameOf(record, model, vm.instanceId),
    osName: "ubuntu",
    osVersion: "22.04",
    vmAgent: { vmAgentVersion: "2.11.1.4", statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: power === "running" ? "Ready" : "Not Ready", time: new Date(face.now()).toISOString() }] },
    disks: [{ name: `${record.name}_${vm.instanceId}_OsDisk`, statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded" }] }],
    ...(extensionStatus.length > 0 ? { extensions: extensionStatus } : {}),
    ...(health && power === "running" && vm.provisioningState === "Succeeded" ? { vmHealth: vmHealthView(vm.health?.state ?? "initializing") } : {}),
    statuses: statusList(vm.provisioningState, power, instance?.stateSince ?? vm.createdAt, vm.error ? [{ code: vm.error.code, level: "Error", displayStatus: "Provisioning failed", message: vm.error.message }] : []),
  };
}

function nicConfigs(record: ResourceRecord, vm: ScaleSetVm): Json[] {
  const model = internalOf(record).models[String(vm.model)]!;
  return (obj(model.profile.networkProfile).networkInterfaceConfigurations as Json[] | undefined) ?? [];
}

function nicId(record: ResourceRecord, vm: ScaleSetVm, name: string): string {
  return `${record.id}/virtualMachines/${vm.instanceId}/networkInterfaces/${name}`;
}

function nicView(record: ResourceRecord, vm: ScaleSetVm, config: Json, index: number): Json {
  const properties = obj(config.properties);
  const ipConfigs = (properties.ipConfigurations as Json[] | undefined) ?? [];
  const id = nicId(record, vm, String(config.name));
  return {
    name: config.name,
    id,
    location: record.location,
    properties: {
      provisioningState: "Succeeded",
      primary: properties.primary ?? index === 0,
      enableAcceleratedNetworking: properties.enableAcceleratedNetworking ?? false,
      ipConfigurations: ipConfigs.map((ip, i) => ({
        name: ip.name,
        id: `${id}/ipConfigurations/${String(ip.name)}`,
        properties: {
          provisioningState: "Succeeded",
          ...(i === 0 && index === 0 ? { privateIPAddress: vm.ip } : {}),
          privateIPAllocationMethod: "Dynamic",
          privateIPAddressVersion: "IPv4",
          primary: obj(ip.properties).primary ?? i === 0,
          ...(obj(ip.properties).subnet ? { subnet: obj(ip.properties).subnet } : {}),
          ...(obj(ip.properties).loadBalancerBackendAddressPools ? { loadBalancerBackendAddressPools: obj(ip.properties).loadBalancerBackendAddressPools } : {}),
        },
      })),
      virtualMachine: { id: `${record.id}/virtualMachines/${vm.instanceId}` },
    },
  };
}

function vmView(face: AzureFace, record: ResourceRecord, vm: ScaleSetVm, expand: boolean): Json {
  const internal = internalOf(record);
  const model = internal.models[String(vm.model)]!;
  const { customData: _c, adminPassword: _p, computerNamePrefix: _prefix, ...os } = obj(model.profile.osProfile);
  const storage = obj(model.profile.storageProfile);
  return {
    name: `${record.name}_${vm.instanceId}`,
    id: `${record.id}/virtualMachines/${vm.instanceId}`,
    type: VM_TYPE,
    location: record.location,
    tags: record.tags,
    instanceId: vm.instanceId,
    sku: { name: (record.sku as Json | undefined)?.name, tier: "Standard" },
    properties: {
      latestModelApplied: vm.model === internal.modelVersion,
      modelDefinitionApplied: "VirtualMachineScaleSet",
      vmId: vm.vmId,
      hardwareProfile: { vmSize: (record.sku as Json | undefined)?.name },
      storageProfile: {
        imageReference: { ...obj(storage.imageReference), ...(model.exactVersion ? { exactVersion: model.exactVersion } : {}) },
        osDisk: { osType: "Linux", name: `${record.name}_${vm.instanceId}_OsDisk`, createOption: "FromImage", caching: obj(storage.osDisk).caching ?? "ReadWrite", diskSizeGB: obj(storage.osDisk).diskSizeGB ?? 30 },
        dataDisks: [],
      },
      osProfile: { ...os, computerName: computerNameOf(record, model, vm.instanceId), secrets: [], allowExtensionOperations: true, requireGuestProvisionSignal: true },
      networkProfile: { networkInterfaces: nicConfigs(record, vm).map((c) => ({ id: nicId(record, vm, String(c.name)) })) },
      networkProfileConfiguration: { networkInterfaceConfigurations: nicConfigs(record, vm) },
      provisioningState: vm.provisioningState,
      timeCreated: new Date(vm.createdAt).toISOString(),
      ...(expand ? { instanceView: vmInstanceView(face, record, vm) } : {}),
    },
  };
}

function findVm(record: ResourceRecord, instanceId: string | undefined): ScaleSetVm {
  const vm = internalOf(record).vms.find((v) => v.instanceId === instanceId && !v.surge);
  if (!vm || instanceId === undefined) throw notFound(VM_TYPE, `${record.name}/${instanceId ?? ""}`, groupName(record));
  return vm;
}

function expandsInstanceView(ctx: RequestContext): boolean {
  return (ctx.url.searchParams.get("$expand") ?? "").toLowerCase().includes("instanceview");
}

const VM_ACTIONS: Record<string, (ctx: RequestContext, record: ResourceRecord, vms: ScaleSetVm[]) => ArmResponse> = {
  restart: (ctx, record, vms) => power(ctx, record, vms, "restart"),
  start: (ctx, record, vms) => power(ctx, record, vms, "running"),
  poweroff: (ctx, record, vms) => power(ctx, record, vms, "stopped"),
  deallocate: (ctx, record, vms) => power(ctx, record, vms, "deallocated"),
  reimage: reimage,
  reimageall: reimage,
};

/** …/virtualMachines[/{instanceId}[/instanceView | /{action} | /networkInterfaces[/{name}]]] */
function virtualMachines(ctx: RequestContext, record: ResourceRecord, rest: string[]): ArmResponse {
  const { face, method } = ctx;
  if (rest.length === 0) {
    if (method !== "GET") throw new ArmError("MethodNotAllowed", `The requested method '${method}' is not allowed for a collection.`, 405);
    const vms = internalOf(record).vms.filter((vm) => !vm.surge).sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
    return { status: 200, body: { value: vms.map((vm) => vmView(face, record, vm, expandsInstanceView(ctx))) } };
  }
  const vm = findVm(record, rest[0]);
  if (rest.length === 1) {
    if (method === "GET") return { status: 200, body: vmView(face, record, vm, expandsInstanceView(ctx)) };
    if (method === "DELETE") return deleteInstances(ctx, record, [vm]);
    throw new ArmError("MethodNotAllowed", `The requested method '${method}' is not allowed.`, 405);
  }
  const sub = rest[1]!.toLowerCase();
  if (sub === "instanceview" && rest.length === 2 && method === "GET") return { status: 200, body: vmInstanceView(face, record, vm) };
  if (sub === "networkinterfaces" && method === "GET") {
    const configs = nicConfigs(record, vm);
    if (rest.length === 2) return { status: 200, body: { value: configs.map((c, i) => nicView(record, vm, c, i)) } };
    const index = configs.findIndex((c) => String(c.name).toLowerCase() === rest[2]!.toLowerCase());
    if (index < 0 || rest.length !== 3) throw notFound("Microsoft.Network/networkInterfaces", rest[2] ?? "", groupName(record));
    return { status: 200, body: nicView(record, vm, configs[index]!, index) };
  }
  const action = VM_ACTIONS[sub];
  if (action && rest.length === 2 && method === "POST") return action(ctx, record, [vm]);
  throw new ArmError("InvalidResourceType", `The resource type 'virtualMachineScaleSets/virtualMachines/${rest[1]}' could not be found in the namespace 'Microsoft.Compute' for api version '${ctx.apiVersion}'.`, 400);
}

/** …/rollingUpgrades/latest (GET) and …/rollingUpgrades/cancel (POST). */
function rollingUpgrades(ctx: RequestContext, record: ResourceRecord, rest: string[]): ArmResponse {
  const rolling = internalOf(record).rolling;
  const what = rest[0]?.toLowerCase();
  if (rest.length === 1 && what === "latest" && ctx.method === "GET") {
    if (!rolling) throw new ArmError("NotFound", `No rolling upgrade has been run on the Virtual Machine Scale Set '${record.name}'.`, 404);
    return { status: 200, body: rollingUpgradeView(ctx.face, record, rolling) };
  }
  if (rest.length === 1 && what === "cancel" && ctx.method === "POST") {
    if (rolling?.status !== "RollingForward") throw new ArmError("OperationNotAllowed", `There is no ongoing Rolling Upgrade to cancel on the Virtual Machine Scale Set '${record.name}'.`, 409);
    cancelRollingUpgrade(ctx.face, rolling);
    const op = startOperation(ctx.face, record.location, "action");
    finishOperation(ctx.face, op, "Succeeded");
    return { status: 202, headers: operationHeaders(ctx.face, op, ctx.apiVersion, "Microsoft.Compute", true) };
  }
  throw new ArmError("InvalidResourceType", `The resource type 'virtualMachineScaleSets/rollingUpgrades/${rest.join("/")}' could not be found in the namespace 'Microsoft.Compute' for api version '${ctx.apiVersion}'.`, 400);
}

/** …/networkInterfaces: every instance's network interfaces (Microsoft.Network's ListVirtualMachineScaleSetNetworkInterfaces). */
function networkInterfaces(ctx: RequestContext, record: ResourceRecord, rest: string[]): ArmResponse {
  if (rest.length !== 0 || ctx.method !== "GET") throw new ArmError("MethodNotAllowed", `The requested method '${ctx.method}' is not allowed.`, 405);
  const vms = liveVms(record).sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
  return { status: 200, body: { value: vms.flatMap((vm) => nicConfigs(record, vm).map((c, i) => nicView(record, vm, c, i))) } };
}

export const scaleSetChildren: Record<string, (ctx: RequestContext, record: ResourceRecord, rest: string[]) => ArmResponse> = {
  virtualMachines,
  rollingUpgrades,
  networkInterfaces,
};
