// Scale sets for tests on the fake runtime: a group with a network, a scale set body (marketplace
// Ubuntu, Application Health extension on a port where the test's own web server answers for every
// loopback address), and waiting for what ARM reports.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ArmClient } from "./arm-client.js";

export const SCALE_SETS = "Microsoft.Compute/virtualMachineScaleSets";

/** One web server on every loopback address stands in for the instances' apps; `failing` addresses answer 500. */
export async function startAppServer(): Promise<{ port: number; failing: Set<string>; close(): void }> {
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    const ip = req.socket.localAddress!.replace(/^::ffff:/, "");
    res.writeHead(failing.has(ip) ? 500 : 200).end(failing.has(ip) ? "down" : "ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  return { port: (server.address() as AddressInfo).port, failing, close: () => server.close() };
}

export async function groupWithNetwork(arm: ArmClient, group: string): Promise<string> {
  const made = await arm.call("PUT", `/subscriptions/${arm.subscription}/resourcegroups/${group}`, { location: "eastus" }, "2022-09-01");
  if (made.status >= 300) throw new Error(`group: ${JSON.stringify(made.body)}`);
  const vnet = await arm.call("PUT", arm.path(group, "Microsoft.Network/virtualNetworks/vnet"), {
    location: "eastus",
    properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [{ name: "default", properties: { addressPrefix: "10.0.0.0/24" } }] },
  }, "2023-09-01");
  if (vnet.status >= 300) throw new Error(`vnet: ${JSON.stringify(vnet.body)}`);
  return `${vnet.body.id as string}/subnets/default`;
}

export interface ScaleSetOptions {
  subnetId: string;
  port: number;
  capacity?: number;
  mode?: "Manual" | "Automatic" | "Rolling";
  rolling?: Record<string, unknown>;
  /** Application Health extension settings beyond protocol/port/requestPath. */
  health?: Record<string, unknown>;
  customData?: string;
}

export function scaleSetBody(o: ScaleSetOptions): Record<string, unknown> {
  return {
    location: "eastus",
    sku: { name: "Standard_B1s", tier: "Standard", capacity: o.capacity ?? 2 },
    properties: {
      upgradePolicy: { mode: o.mode ?? "Rolling", ...(o.rolling ? { rollingUpgradePolicy: o.rolling } : {}) },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix: "web",
          adminUsername: "azureuser",
          linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl roll" }] } },
          ...(o.customData ? { customData: Buffer.from(o.customData).toString("base64") } : {}),
        },
        storageProfile: { imageReference: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" } },
        networkProfile: { networkInterfaceConfigurations: [{ name: "nic", properties: { primary: true, ipConfigurations: [{ name: "ip", properties: { subnet: { id: o.subnetId } } }] } }] },
        extensionProfile: {
          extensions: [{ name: "health", properties: { publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux", typeHandlerVersion: "2.0", settings: { protocol: "http", port: o.port, requestPath: "/health", ...o.health } } }],
        },
      },
    },
  };
}

export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Instance summaries: id:latest|old:provisioningState:health. */
export async function instanceSummary(arm: ArmClient, group: string, name: string): Promise<string> {
  const list = await arm.call("GET", `${arm.path(group, `${SCALE_SETS}/${name}/virtualMachines`)}?$expand=instanceView`);
  return (list.body.value as any[])
    .map((vm) => `${vm.instanceId}:${vm.properties.latestModelApplied ? "latest" : "old"}:${vm.properties.provisioningState}:${String(vm.properties.instanceView?.vmHealth?.status?.code ?? "none").replace("HealthState/", "")}`)
    .join(" ");
}

export async function latestUpgrade(arm: ArmClient, group: string, name: string): Promise<any> {
  return (await arm.call("GET", arm.path(group, `${SCALE_SETS}/${name}/rollingUpgrades/latest`))).body;
}
