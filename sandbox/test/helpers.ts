// Starts a sandbox for a test file: temp data dir, ephemeral port, its own address range, fast timing,
// and real AWS SDK clients pointed at it.

import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EC2Client } from "@aws-sdk/client-ec2";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { startSandbox, type Sandbox, type Timing } from "../src/server.js";
import type { InstanceRuntime } from "../src/runtime/types.js";
import { createFakeRuntime, type FakeRuntime } from "./fake-runtime.js";

export const FAST_TIMING: Partial<Timing> = {
  tickMs: 20,
  instancePendingMs: 40,
  instanceStoppingMs: 40,
  instanceShuttingDownMs: 40,
  instanceStatusInitializingMs: 50,
  imagePendingMs: 100,
  refreshPendingMs: 40,
  apiSecondMs: 10,
  launchRetryMs: 100,
  terminatedVisibleMs: 3000,
  saveDebounceMs: 30,
};

export interface TestSandbox {
  sandbox: Sandbox;
  dataDir: string;
  runtime: FakeRuntime | InstanceRuntime;
  ec2: EC2Client;
  asg: AutoScalingClient;
  close(): Promise<void>;
}

/** A random 127.1xx.y prefix so parallel test files never share addresses. */
export function randomIpPrefix(): string {
  return `127.${100 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
}

export function clientsFor(endpoint: string, region = "us-east-1") {
  const config = { endpoint, region, credentials: { accessKeyId: "roll-sandbox", secretAccessKey: "roll-sandbox" }, maxAttempts: 1 };
  return { ec2: new EC2Client(config), asg: new AutoScalingClient(config) };
}

export async function startTestSandbox(options: { timing?: Partial<Timing>; runtime?: (dataDir: string) => InstanceRuntime; dataDir?: string; ipPrefix?: string } = {}): Promise<TestSandbox & { fake: FakeRuntime }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "roll-sandbox-test-")));
  const runtime = options.runtime ? options.runtime(dataDir) : createFakeRuntime(dataDir);
  // ROLL_SANDBOX_TEST_LOG=/some/file appends the sandbox's log lines (boots, failures) to that file.
  const logFile = process.env.ROLL_SANDBOX_TEST_LOG;
  const log = logFile ? (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`) : undefined;
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: options.ipPrefix ?? randomIpPrefix(), timing: { ...FAST_TIMING, ...options.timing }, runtime, ...(log ? { log } : {}) });
  const { ec2, asg } = clientsFor(sandbox.endpoint);
  return {
    sandbox,
    dataDir,
    runtime,
    fake: runtime as FakeRuntime,
    ec2,
    asg,
    async close() {
      ec2.destroy();
      asg.destroy();
      await sandbox.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}
