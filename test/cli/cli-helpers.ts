// Runs the real CLI (`node bin/roll.js …`) the way a user or CI does, against a sandbox daemon and a
// state folder of the test's own.

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cloudClients } from "../../src/cloud/target.js";
import { uniqueIpPrefix } from "../e2e/helpers.js";

export const repoRoot = resolve(import.meta.dirname, "../..");
const bin = join(repoRoot, "bin/roll.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function cliEnvironment() {
  const sandboxDir = await mkdtemp(join(tmpdir(), "roll-cli-sandbox-"));
  const stateDir = await mkdtemp(join(tmpdir(), "roll-cli-state-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: "true",
    ROLL_SANDBOX_DIR: sandboxDir,
    ROLL_SANDBOX_PORT: "0",
    ROLL_SANDBOX_IP_PREFIX: uniqueIpPrefix(),
    ROLL_STATE_DIR: stateDir,
  };
  return { env, sandboxDir, stateDir };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { result: Promise<CliResult> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const result = new Promise<CliResult>((resolvePromise) => child.on("close", (code) => resolvePromise({ code, stdout, stderr })));
  return Object.assign(child, { result });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).result;
}

export function ndjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** SDK clients for the sandbox the CLI started (its endpoint is in the daemon's info file). */
export function clientsFor(sandboxDir: string) {
  const info = JSON.parse(readFileSync(join(sandboxDir, "sandbox.json"), "utf8")) as { endpoint: string; region: string };
  return cloudClients({ kind: "sandbox", region: info.region, endpoint: info.endpoint });
}
