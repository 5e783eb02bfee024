// Shared setup for the runtime tests: a runtime on a temp data dir, unique loopback addresses, user
// keys, and small clients (ssh2's Client and the OpenSSH binaries) to talk to instances.

import { spawn } from "node:child_process";
import { createHash, randomInt } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import { createRuntime } from "../../src/runtime/index.js";
import type { InstanceRuntime, LaunchSpec, RunningInstance } from "../../src/runtime/index.js";

export interface Harness {
  runtime: InstanceRuntime;
  dataDir: string;
  tmp: string;
  key: UserKey;
  log: string[];
  /** A fresh spec on an unused address of this test file's range. */
  spec(overrides?: Partial<LaunchSpec>): Promise<LaunchSpec>;
  cleanup(): Promise<void>;
}

export interface UserKey {
  privateKey: string;
  publicKey: string;
  /** The private key as a file for OpenSSH's `ssh -i`. */
  file: string;
}

let counter = 0;

/** Each test file passes its own second octet (150–199) so files can run in parallel. */
export function createHarness(secondOctet: number): Harness {
  const tmp = mkdtempSync(path.join(tmpdir(), "roll-runtime-test-"));
  const dataDir = path.join(tmp, "data");
  const log: string[] = [];
  const runtime = createRuntime({ dataDir, log: (line) => log.push(line) });
  const key = makeUserKey(tmp, "user");
  const third = randomInt(0, 250);
  return {
    runtime,
    dataDir,
    tmp,
    key,
    log,
    async spec(overrides = {}) {
      counter++;
      const ip = `127.${secondOctet}.${third}.${counter + 1}`;
      const base = await runtime.baseLayer("debian-12");
      return {
        instanceId: `i-${secondOctet}${third}${String(counter).padStart(4, "0")}${randomInt(0, 0xffff).toString(16)}`,
        ip,
        hostname: `ip-${ip.replace(/\./g, "-")}`,
        layers: [base],
        authorizedKeys: [key.publicKey],
        sshPort: 22,
        ...overrides,
      };
    },
    async cleanup() {
      await runtime.shutdown();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function makeUserKey(dir: string, name: string): UserKey {
  // ssh2 sometimes makes an ed25519 key it cannot parse itself (a dropped leading zero byte): retry.
  let pair = ssh2.utils.generateKeyPairSync("ed25519", { comment: `${name}@roll-test` });
  while (ssh2.utils.parseKey(pair.private) instanceof Error || ssh2.utils.parseKey(pair.public) instanceof Error) {
    pair = ssh2.utils.generateKeyPairSync("ed25519", { comment: `${name}@roll-test` });
  }
  const file = path.join(dir, `${name}_ed25519`);
  writeFileSync(file, pair.private, { mode: 0o600 });
  return { privateKey: pair.private, publicKey: pair.public, file };
}

export interface Connected {
  client: ssh2.Client;
  /** The host key the server presented, as an OpenSSH SHA256 fingerprint. */
  hostKeyFingerprint: string;
}

export function connect(instance: RunningInstance, privateKey: string, username = "ec2-user"): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let hostKeyFingerprint = "";
    client
      .on("ready", () => resolve({ client, hostKeyFingerprint }))
      .on("error", reject)
      .connect({
        host: instance.ip,
        port: instance.sshPort,
        username,
        privateKey,
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => {
          hostKeyFingerprint = `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
          return true;
        },
      });
  });
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal?: string;
}

export function exec(client: ssh2.Client, command: string, options: { onStdout?: (chunk: string) => void } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, channel) => {
      if (err) return reject(err);
      const result: ExecResult = { stdout: "", stderr: "", code: null };
      channel.on("data", (data: Buffer) => {
        result.stdout += data.toString();
        options.onStdout?.(data.toString());
      });
      channel.stderr.on("data", (data: Buffer) => (result.stderr += data.toString()));
      channel.on("exit", (code: number | null, signal?: string) => {
        result.code = code;
        if (signal) result.signal = signal;
      });
      channel.on("close", () => resolve(result));
    });
  });
}

export interface ProcessResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a host binary (the OpenSSH clients) to completion. */
export function runHost(file: string, args: string[], input?: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["pipe", "pipe", "pipe"] });
    const result: ProcessResult = { stdout: "", stderr: "", code: null };
    child.stdout.on("data", (d: Buffer) => (result.stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (result.stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ...result, code }));
    child.stdin.end(input ?? "");
  });
}

/** The options a provisioning tool uses for a fresh instance (the port flag differs: ssh -p, scp -P). */
export function opensshOptions(key: UserKey): string[] {
  return [
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "BatchMode=yes",
    "-o", "LogLevel=ERROR",
    "-i", key.file,
  ];
}

export function ssh(instance: RunningInstance, key: UserKey, command: string, extra: string[] = [], user = "ec2-user"): Promise<ProcessResult> {
  return runHost("ssh", [...opensshOptions(key), "-p", String(instance.sshPort), ...extra, `${user}@${instance.ip}`, command]);
}

/** Host pids of processes whose command line starts with `prefix` (an instance's processes are host processes too). */
export async function hostProcessesStartingWith(prefix: string): Promise<number[]> {
  return hostProcesses((cmdline) => cmdline.startsWith(prefix));
}

/** Host pids of processes whose command line contains `marker`. */
export async function hostProcessesMatching(marker: string): Promise<number[]> {
  return hostProcesses((cmdline) => cmdline.includes(marker));
}

async function hostProcesses(match: (cmdline: string) => boolean): Promise<number[]> {
  const { readdir, readFile } = await import("node:fs/promises");
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, "utf8")).replace(/\0/g, " ");
      if (match(cmdline)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

export function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      try {
        const value = await probe();
        if (value !== undefined) return resolve(value);
      } catch {
        // Not yet.
      }
      if (Date.now() > deadline) return reject(new Error(`condition not met within ${timeoutMs} ms`));
      setTimeout(tick, intervalMs);
    };
    void tick();
  });
}
