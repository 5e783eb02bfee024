// startSandbox: the local AWS-compatible cloud (EC2 + Auto Scaling query protocols on one HTTP
// endpoint), its reconcile loop and its persisted state. It imports nothing from the rest of roll.

import { createServer, type Server } from "node:http";
import { chmodSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "./api/http.js";
import { Faults } from "./faults/faults.js";
import type { FaultSettings } from "./faults/types.js";
import { BASE_IMAGE_NAME, Cloud } from "./model/cloud.js";
import { recoverInstances } from "./model/instances.js";
import { loadState, StateSaver } from "./model/persist.js";
import { startReconciler } from "./model/reconciler.js";
import type { SandboxState } from "./model/types.js";
import { createRuntime } from "./runtime/index.js";
import type { InstanceRuntime } from "./runtime/types.js";
import { resolveTiming, type Timing } from "./timing.js";
import { isRegionName } from "./wire/route.js";
import { startAzureFace, type RunningAzureFace } from "./azure/face.js";

export { BASE_IMAGE_NAME } from "./model/cloud.js";
export type { Timing } from "./timing.js";

export const DEFAULT_SANDBOX_PORT = 4575;
/** The Azure face's HTTPS port (next to the AWS one). */
export const DEFAULT_AZURE_PORT = 4576;

export interface SandboxOptions {
  dataDir: string;
  /** 0 = ephemeral; default 4575. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Instances get addresses under it: "127.100" -> 127.100.0.2, 127.100.0.3 … */
  ipPrefix?: string;
  timing?: Partial<Timing>;
  /** Default: createRuntime({ dataDir }). */
  runtime?: InstanceRuntime;
  /** Default us-east-1 (used when a request names no region). */
  region?: string;
  /** Diagnostic lines (internal errors, instance crashes). Default: none. */
  log?: (line: string) => void;
  /** Faults in force from the start (default none); the admin API changes them at runtime. */
  faults?: Partial<FaultSettings>;
  /** The Azure face's port: default 4576, or any free port when `port` is 0. */
  azurePort?: number;
}

export interface AzureEndpointInfo {
  /** https://HOST:PORT: ARM, the login authority and /metadata/endpoints. */
  endpoint: string;
  /** The sandbox CA's certificate (PEM), for REQUESTS_CA_BUNDLE / NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** AZURE_CONFIG_DIR prepared for the Azure CLI (sandbox cloud active, service principal logged in). */
  cliConfigDir: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
}

export interface Sandbox {
  endpoint: string;
  region: string;
  azure: AzureEndpointInfo;
  /** Stops the instances' processes and persists the state. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export type InstanceCounts = Record<"pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated", number> & { total: number };

export function instanceCounts(state: SandboxState): InstanceCounts {
  const counts: InstanceCounts = { total: 0, pending: 0, running: 0, stopping: 0, stopped: 0, "shutting-down": 0, terminated: 0 };
  for (const instance of Object.values(state.instances)) {
    counts[instance.state]++;
    if (instance.state !== "terminated") counts.total++;
  }
  return counts;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const region = options.region ?? "us-east-1";
  if (!isRegionName(region)) throw new Error(`sandbox region must look like us-east-1, got "${region}"`);
  const timing = resolveTiming(options.timing);
  const log = options.log ?? (() => undefined);
  // Private: the state holds user data, the instances' layers their files, the keys their secrets.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const runtime = options.runtime ?? createRuntime({ dataDir: options.dataDir, log });
  const state: SandboxState = loadState(options.dataDir);
  const baseLayerDir = await runtime.baseLayer(BASE_IMAGE_NAME);
  let cloud: Cloud | undefined;
  const saver = new StateSaver(options.dataDir, () => state, timing.saveDebounceMs, (error) => log(`saving state failed: ${String(error)}`));
  cloud = new Cloud({
    state,
    timing,
    runtime,
    dataDir: options.dataDir,
    ipPrefix: options.ipPrefix ?? "127.100",
    defaultRegion: region,
    baseLayerDir,
    saver,
    log,
    faults: new Faults(options.faults),
  });
  // Regions used before keep their base image current (the base layer's path may have moved).
  for (const used of new Set([region, ...Object.values(state.images).map((i) => i.region)])) cloud.ensureRegion(used);
  recoverInstances(cloud);

  const server = createServer();
  const host = options.host ?? "127.0.0.1";
  let endpoint = "";
  server.on("request", createRequestHandler(cloud, () => ({ region, pid: process.pid, endpoint, instances: instanceCounts(state) })));
  const address = await listen(server, options.port ?? DEFAULT_SANDBOX_PORT, host);
  endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  const reconciler = startReconciler(cloud);
  let azure: RunningAzureFace;
  try {
    azure = await startAzureFace({ cloud, dataDir: options.dataDir, host, port: options.azurePort ?? (options.port === 0 ? 0 : DEFAULT_AZURE_PORT) });
  } catch (error) {
    reconciler.stop();
    server.close();
    await runtime.shutdown().catch(() => undefined);
    throw error;
  }
  saver.flush();

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    region,
    azure: {
      endpoint: azure.endpoint,
      caFile: azure.caFile,
      cliConfigDir: azure.cliConfigDir,
      tenantId: azure.identity.tenantId,
      subscriptionId: azure.identity.subscriptionId,
      clientId: azure.identity.clientId,
    },
    close() {
      closing ??= (async () => {
        reconciler.stop();
        await azure.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        saver.flush();
        await runtime.shutdown().catch((error: unknown) => log(`runtime shutdown failed: ${String(error)}`));
        cloud?.live.clear();
        cloud = undefined;
      })();
      return closing;
    },
  };
}
