// The scale-set half of the SDK workflow (sdk-workflow.ts): two more gallery versions baked from 1.0.0
// (2.0.0 serves "v2"; 3.0.0 lost its health page), a Rolling scale set from 1.0.0 with the Application
// Health extension, admin user azureuser and customData, then model changes to 2.0.0 (the rolling
// upgrade completes) and to 3.0.0 (the upgraded instance fails its probe: the upgrade stops by policy
// and the failed instance is rolled back to 2.0.0).

import type { ComputeManagementClient, VirtualMachineScaleSet } from "@azure/arm-compute";
import type { NetworkManagementClient } from "@azure/arm-network";
import { sshExecAs } from "./ssh.js";

export interface StepContext {
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  group: string;
  location: string;
  subnetId: string;
  nsgId: string;
  gallery: string;
  keys: { public: string; private: string };
  poll: { updateIntervalInMs: number };
  say(line: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(200);
  }
}

/** A VM from gallery version 1.0.0, changed over SSH, captured as `version`. */
async function bakeFrom(ctx: StepContext, sourceId: string, name: string, change: string, version: string): Promise<string> {
  const { compute, network, group, location, poll } = ctx;
  const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(group, `${name}-nic`, { location, networkSecurityGroup: { id: ctx.nsgId }, ipConfigurations: [{ name: "ipconfig1", subnet: { id: ctx.subnetId } }] }, poll);
  const vm = await compute.virtualMachines.beginCreateOrUpdateAndWait(group, name, {
    location,
    hardwareProfile: { vmSize: "Standard_B1s" },
    storageProfile: { imageReference: { id: sourceId } },
    osProfile: { computerName: name, adminUsername: "azureuser", linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: ctx.keys.public }] } } },
    networkProfile: { networkInterfaces: [{ id: nic.id }] },
  }, poll);
  const ip = (await network.networkInterfaces.get(group, `${name}-nic`)).ipConfigurations![0]!.privateIPAddress!;
  await sshExecAs(ip, "azureuser", ctx.keys.private, `sudo -n sh -c '${change}'`);
  await compute.virtualMachines.beginDeallocateAndWait(group, name, poll);
  await compute.virtualMachines.generalize(group, name);
  const captured = await compute.galleryImageVersions.beginCreateOrUpdateAndWait(group, ctx.gallery, "app", version, { location, publishingProfile: { targetRegions: [{ name: location }] }, storageProfile: { source: { id: vm.id } } }, poll);
  await compute.virtualMachines.beginDeleteAndWait(group, name, poll);
  return captured.id!;
}

export async function bakeMoreVersions(ctx: StepContext, v1: string): Promise<void> {
  const [v2, v3] = await Promise.all([
    bakeFrom(ctx, v1, "bake2", "echo v2 > /srv/www/version", "2.0.0"),
    bakeFrom(ctx, v1, "bake3", "echo v3 > /srv/www/version; rm /srv/www/health", "3.0.0"),
  ]);
  ctx.say(`baked as azureuser: ${[v2, v3].map((id) => id.split("/").pop()).join(" ")}`);
}

function versionId(ctx: StepContext, version: string, subscription: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${ctx.group}/providers/Microsoft.Compute/galleries/${ctx.gallery}/images/app/versions/${version}`;
}

async function instances(ctx: StepContext): Promise<string> {
  const lines: string[] = [];
  for await (const vm of ctx.compute.virtualMachineScaleSetVMs.list(ctx.group, "web", { expand: "instanceView" })) {
    const image = vm.storageProfile?.imageReference?.id?.split("/").pop();
    lines.push(`${vm.instanceId}:${image}:${vm.latestModelApplied ? "latest" : "old"}:${vm.instanceView?.vmHealth?.status?.code ?? "none"}`);
  }
  return lines.join(" ");
}

async function servedVersions(ctx: StepContext): Promise<string> {
  const out: string[] = [];
  for await (const nic of ctx.network.networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces(ctx.group, "web")) {
    const ip = nic.ipConfigurations?.[0]?.privateIPAddress;
    const text = await fetch(`http://${ip}:8080/version`).then((res) => res.text(), (error: Error) => `${ip} unreachable (${error.message})`);
    out.push(text.trim());
  }
  return out.join(" ");
}

async function latestUpgrade(ctx: StepContext) {
  return ctx.compute.virtualMachineScaleSetRollingUpgrades.getLatest(ctx.group, "web");
}

function describe(status: Awaited<ReturnType<typeof latestUpgrade>>): string {
  const p = status.progress;
  return `${status.runningStatus?.code}: ${p?.successfulInstanceCount} succeeded, ${p?.failedInstanceCount} failed${status.error ? ` (${status.error.code})` : ""}`;
}

async function changeImage(ctx: StepContext, id: string): Promise<void> {
  await ctx.compute.virtualMachineScaleSets.beginUpdateAndWait(ctx.group, "web", { virtualMachineProfile: { storageProfile: { imageReference: { id } } } }, ctx.poll);
}

export async function rollScaleSet(ctx: StepContext): Promise<void> {
  const { compute, group, location, poll, say } = ctx;
  const subscription = ctx.subnetId.split("/")[2]!;
  const scaleSet: VirtualMachineScaleSet = {
    location,
    sku: { name: "Standard_B1s", tier: "Standard", capacity: 2 },
    upgradePolicy: {
      mode: "Rolling",
      rollingUpgradePolicy: { maxBatchInstancePercent: 50, maxUnhealthyInstancePercent: 50, maxUnhealthyUpgradedInstancePercent: 20, pauseTimeBetweenBatches: "PT1S", rollbackFailedInstancesOnPolicyBreach: true },
    },
    virtualMachineProfile: {
      osProfile: {
        computerNamePrefix: "web",
        adminUsername: "azureuser",
        linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: ctx.keys.public }] } },
        customData: Buffer.from("#!/bin/sh\necho from-customdata > /etc/vmss-marker\n").toString("base64"),
      },
      storageProfile: { imageReference: { id: versionId(ctx, "1.0.0", subscription) }, osDisk: { createOption: "FromImage", caching: "ReadWrite", managedDisk: { storageAccountType: "Standard_LRS" } } },
      networkProfile: { networkInterfaceConfigurations: [{ name: "nic", primary: true, ipConfigurations: [{ name: "ip", subnet: { id: ctx.subnetId } }] }] },
      extensionProfile: {
        extensions: [{ name: "health", publisher: "Microsoft.ManagedServices", typePropertiesType: "ApplicationHealthLinux", typeHandlerVersion: "2.0", settings: { protocol: "http", port: 8080, requestPath: "/health", intervalInSeconds: 5, numberOfProbes: 1, gracePeriod: 40 } }],
      },
    },
  };
  const created = await compute.virtualMachineScaleSets.beginCreateOrUpdateAndWait(group, "web", scaleSet, poll);
  say(`scale set ${created.name} ${created.provisioningState} capacity ${created.sku?.capacity} ${created.upgradePolicy?.mode} pause ${created.upgradePolicy?.rollingUpgradePolicy?.pauseTimeBetweenBatches}`);
  await until("healthy instances", () => instances(ctx), (text) => (text.match(/HealthState\/healthy/g) ?? []).length === 2);
  say(`instances: ${await instances(ctx)}`);
  const nics = ctx.network.networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces(group, "web");
  const first = (await nics.next()).value!.ipConfigurations![0]!.privateIPAddress!;
  const ssh = await sshExecAs(first, "azureuser", ctx.keys.private, "cat /etc/vmss-marker; sudo -n true && echo sudo-ok");
  say(`instance ssh as azureuser: ${ssh.trim().replace(/\n/g, " ")}`);

  await changeImage(ctx, versionId(ctx, "2.0.0", subscription));
  const rolled = await until("the rolling upgrade to 2.0.0", () => latestUpgrade(ctx), (s) => s.runningStatus?.code !== "RollingForward", 90_000);
  say(`rolling upgrade to 2.0.0 ${describe(rolled)}`);
  say(`after 2.0.0: ${await instances(ctx)}; serving ${await servedVersions(ctx)}`);

  await changeImage(ctx, versionId(ctx, "3.0.0", subscription));
  const faulted = await until("the rolling upgrade to 3.0.0", () => latestUpgrade(ctx), (s) => s.runningStatus?.code !== "RollingForward", 90_000);
  say(`rolling upgrade to 3.0.0 ${describe(faulted)}`);
  const rolledBack = await until("the rollback", () => instances(ctx), (text) => !text.includes("3.0.0") && (text.match(/HealthState\/healthy/g) ?? []).length === 2);
  say(`after 3.0.0: ${rolledBack}; serving ${await servedVersions(ctx)}`);
  await compute.virtualMachineScaleSets.beginDeleteAndWait(group, "web", poll);
  say("scale set deleted");
}
