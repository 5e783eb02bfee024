// Starting, finding and stopping the sandbox daemon (`roll sandbox up|down|status|env|reset`).

import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HEALTH_PATH } from "./api/paths.js";
import { getFaults, setFaults } from "./faults/client.js";
import type { FaultSettings } from "./faults/types.js";
import { infoFilePath, type SandboxInfoFile } from "./info-file.js";
import { loadState } from "./model/persist.js";
import { processStartTime } from "./runtime/leftovers.js";
import type { AzureEndpointInfo, InstanceCounts } from "./server.js";

export interface SandboxInfo {
  endpoint: string;
  pid: number;
  region: string;
  dataDir: string;
  /** The Azure face: HTTPS endpoint, CA file, prepared AZURE_CONFIG_DIR, tenant/subscription/client ids. */
  azure?: AzureEndpointInfo;
}

export interface SandboxUpOptions {
  dataDir: string;
  port?: number;
  host?: string;
  ipPrefix?: string;
  region?: string;
  /** The Azure face's port (default 4576; any free port when `port` is 0). */
  azurePort?: number;
  /** How long to wait for the daemon to answer (default 60 s: the first start prepares the base layer). */
  timeoutMs?: number;
  /** Faults to inject. A new daemon starts with exactly these; a running one changes only these. */
  faults?: Partial<FaultSettings>;
}

export type SandboxStatus = SandboxInfo & {
  running: boolean;
  startedAt?: string;
  instances: InstanceCounts;
  sshPort: number;
  /** The faults in force (only while it runs: faults are not kept across down/up). */
  faults?: FaultSettings;
};

/** Instances' SSH servers listen on port 22 of their own loopback address. */
const INSTANCE_SSH_PORT = 22;

export function defaultSandboxDir(): string {
  return process.env.ROLL_SANDBOX_DIR || join(homedir(), ".roll", "sandbox");
}

function readInfoFile(dataDir: string): SandboxInfoFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(infoFilePath(dataDir), "utf8")) as SandboxInfoFile;
    if (typeof parsed.endpoint !== "string" || typeof parsed.pid !== "number") return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The daemon the info file names is still that process: a pid alone may since have been reused by an
 * unrelated process (after a crash or a reboot), which `down` must never signal. A file without a
 * start time (an older sandbox) counts only when the process answers the API as that pid.
 */
function isOurDaemon(info: SandboxInfoFile): boolean {
  if (!Number.isInteger(info.pid) || info.pid <= 1 || !pidExists(info.pid)) return false;
  if (info.startTime === undefined) return false;
  return processStartTime(info.pid) === info.startTime;
}

async function isOurDaemonAnswering(info: SandboxInfoFile): Promise<boolean> {
  if (isOurDaemon(info)) return true;
  return info.startTime === undefined && pidExists(info.pid) && (await answers(info.endpoint, info.pid));
}

async function answers(endpoint: string, pid?: number): Promise<boolean> {
  try {
    const response = await fetch(endpoint + HEALTH_PATH, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { ok?: boolean; pid?: number };
    return body.ok === true && (pid === undefined || body.pid === pid);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function logTail(path: string): string {
  try {
    return readFileSync(path, "utf8").trim().split("\n").slice(-10).join("\n");
  } catch {
    return "";
  }
}

export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxInfo> {
  const { dataDir } = options;
  const existing = readInfoFile(dataDir);
  if (existing && isOurDaemon(existing) && (await answers(existing.endpoint, existing.pid))) {
    if (options.faults && Object.keys(options.faults).length > 0) await setFaults(existing.endpoint, options.faults, "update");
    return { endpoint: existing.endpoint, pid: existing.pid, region: existing.region, dataDir, ...(existing.azure ? { azure: existing.azure } : {}) };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  await rm(infoFilePath(dataDir), { force: true });
  const daemon = fileURLToPath(new URL("./daemon.ts", import.meta.url));
  const args = ["--import", import.meta.resolve("tsx"), daemon, "--data-dir", dataDir];
  if (options.port !== undefined) args.push("--port", String(options.port));
  if (options.host !== undefined) args.push("--host", options.host);
  if (options.ipPrefix !== undefined) args.push("--ip-prefix", options.ipPrefix);
  if (options.region !== undefined) args.push("--region", options.region);
  if (options.azurePort !== undefined) args.push("--azure-port", String(options.azurePort));
  if (options.faults !== undefined) args.push("--faults", JSON.stringify(options.faults));
  const logPath = join(dataDir, "sandbox.log");
  const logFd = openSync(logPath, "a", 0o600);
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  let exited: number | null | undefined;
  child.on("exit", (code) => {
    exited = code;
  });
  child.unref();
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`the sandbox daemon exited (code ${String(exited)}) before it answered; ${logPath}:\n${logTail(logPath)}`);
    }
    const info = readInfoFile(dataDir);
    if (info && info.pid === child.pid && (await answers(info.endpoint, info.pid))) {
      return { endpoint: info.endpoint, pid: info.pid, region: info.region, dataDir, ...(info.azure ? { azure: info.azure } : {}) };
    }
    await sleep(100);
  }
  if (child.pid !== undefined) process.kill(child.pid, "SIGTERM");
  throw new Error(`the sandbox daemon did not answer within ${options.timeoutMs ?? 60_000} ms; see ${logPath}`);
}

export async function sandboxDown(dataDir: string, timeoutMs = 20_000): Promise<void> {
  const info = readInfoFile(dataDir);
  if (!info) return;
  if (await isOurDaemonAnswering(info)) {
    process.kill(info.pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (isOurDaemon(info) && Date.now() < deadline) await sleep(100);
    if (isOurDaemon(info)) process.kill(info.pid, "SIGKILL");
  }
  await rm(infoFilePath(dataDir), { force: true });
}

export async function sandboxStatus(dataDir: string): Promise<SandboxStatus | undefined> {
  const info = readInfoFile(dataDir);
  if (!info) return undefined;
  const running = isOurDaemon(info) && (await answers(info.endpoint, info.pid));
  let instances: InstanceCounts = { total: 0, pending: 0, running: 0, stopping: 0, stopped: 0, "shutting-down": 0, terminated: 0 };
  let faults: FaultSettings | undefined;
  if (running) {
    faults = await getFaults(info.endpoint).catch(() => undefined);
    try {
      const response = await fetch(info.endpoint + HEALTH_PATH, { signal: AbortSignal.timeout(2000) });
      instances = ((await response.json()) as { instances: InstanceCounts }).instances;
    } catch {
      // Counts stay zero if the daemon stopped answering in between.
    }
  } else {
    try {
      // The server module is the whole cloud model: loaded only here, so that finding or starting the
      // daemon (every roll command does) stays cheap.
      const { instanceCounts } = await import("./server.js");
      instances = instanceCounts(loadState(dataDir));
    } catch {
      // No readable state: nothing to count.
    }
  }
  return { endpoint: info.endpoint, pid: info.pid, region: info.region, dataDir, ...(info.azure ? { azure: info.azure } : {}), running, startedAt: info.startedAt, instances, sshPort: INSTANCE_SSH_PORT, faults };
}

export function sandboxEnv(info: Pick<SandboxInfo, "endpoint" | "region" | "dataDir" | "azure">): string {
  const lines = [
    `export AWS_ENDPOINT_URL=${info.endpoint}`,
    `export AWS_ENDPOINT_URL_EC2=${info.endpoint}`,
    `export AWS_ENDPOINT_URL_AUTO_SCALING=${info.endpoint}`,
    `export AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=${info.endpoint}`,
    `export AWS_ENDPOINT_URL_CLOUDWATCH=${info.endpoint}`,
    `export AWS_ENDPOINT_URL_S3=${info.endpoint}`,
    "export AWS_ACCESS_KEY_ID=roll-sandbox",
    "export AWS_SECRET_ACCESS_KEY=roll-sandbox",
    `export AWS_REGION=${info.region}`,
    `export AWS_DEFAULT_REGION=${info.region}`,
    "export AWS_EC2_METADATA_DISABLED=true",
  ];
  if (info.azure) lines.push(...azureEnvLines(info.azure, info.dataDir));
  return [...lines, ""].join("\n");
}

/** The service principal's secret, read from the data folder (never from the info file). */
function azureClientSecret(dataDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dataDir, "azure", "identity.json"), "utf8")) as { clientSecret?: string }).clientSecret;
  } catch {
    return undefined;
  }
}

/**
 * The Azure CLI reads AZURE_CONFIG_DIR (prepared by the sandbox: cloud registered, service principal
 * logged in) and REQUESTS_CA_BUNDLE; @azure/identity's EnvironmentCredential reads AZURE_CLIENT_ID /
 * AZURE_CLIENT_SECRET / AZURE_TENANT_ID and AZURE_AUTHORITY_HOST; Node trusts NODE_EXTRA_CA_CERTS.
 * ARM clients take the endpoint from AZURE_RESOURCE_MANAGER_ENDPOINT (the name azd and the SDK samples use).
 */
function azureEnvLines(azure: AzureEndpointInfo, dataDir: string): string[] {
  const secret = azureClientSecret(dataDir);
  const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;
  return [
    `export AZURE_CONFIG_DIR=${quote(azure.cliConfigDir)}`,
    `export REQUESTS_CA_BUNDLE=${quote(azure.caFile)}`,
    `export NODE_EXTRA_CA_CERTS=${quote(azure.caFile)}`,
    `export AZURE_TENANT_ID=${azure.tenantId}`,
    `export AZURE_SUBSCRIPTION_ID=${azure.subscriptionId}`,
    `export AZURE_CLIENT_ID=${azure.clientId}`,
    ...(secret ? [`export AZURE_CLIENT_SECRET=${quote(secret)}`] : []),
    `export AZURE_AUTHORITY_HOST=${azure.endpoint}`,
    `export AZURE_RESOURCE_MANAGER_ENDPOINT=${azure.endpoint}`,
    "export AZURE_CORE_COLLECT_TELEMETRY=false",
  ];
}

export async function sandboxReset(dataDir: string): Promise<void> {
  await sandboxDown(dataDir);
  await rm(dataDir, { recursive: true, force: true });
}
