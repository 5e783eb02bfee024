// No process outlives its instance, its SSH client, or the sandbox process itself.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InstanceExit } from "../../src/runtime/index.js";
import { connect, createHarness, exec, hostProcessesMatching, hostProcessesStartingWith, ssh, waitFor, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(() => {
  h = createHarness(153);
});
afterAll(async () => h.cleanup());

describe("processes", () => {
  it("all die on stop, including daemons started over SSH", async () => {
    const instance = await h.runtime.boot(await h.spec());
    const marker = `9${Date.now() % 100000}1`;
    await ssh(instance, h.key, `nohup sleep ${marker} >/dev/null 2>&1 & setsid sleep ${marker} >/dev/null 2>&1 < /dev/null &`);
    await waitFor(async () => ((await sleepers(marker)).length === 2 ? true : undefined));
    await instance.stop();
    expect(await sleepers(marker)).toEqual([]);
  });

  it("a dropped client does not leave its command running", async () => {
    const instance = await h.runtime.boot(await h.spec());
    const marker = `8${Date.now() % 100000}2`;
    const { client } = await connect(instance, h.key.privateKey);
    void exec(client, `sleep ${marker}`).catch(() => {});
    await waitFor(async () => ((await sleepers(marker)).length === 1 ? true : undefined));
    // Drop the TCP connection without a goodbye, as a crashed client would.
    const dropped = Date.now();
    (client as unknown as { _sock: { destroy(): void } })._sock.destroy();
    await waitFor(async () => ((await sleepers(marker)).length === 0 ? true : undefined), 5_000);
    // Hung up at once (SIGHUP), not merely cut loose after the grace period.
    expect(Date.now() - dropped).toBeLessThan(1_500);
    await instance.stop();
  });

  it("reports a crash when the instance's init dies on its own", async () => {
    const instance = await h.runtime.boot(await h.spec());
    const exit = new Promise<InstanceExit>((resolve) => instance.onExit(resolve));
    const ours = await initPidOf(instance.instanceId);
    process.kill(ours, "SIGKILL");
    expect((await exit).reason).toBe("crashed");
  });

  it("a new runtime on the same data dir ends the processes a previous one left running", async () => {
    const spec = await h.spec();
    const instance = await h.runtime.boot(spec);
    const marker = `7${Date.now() % 100000}3`;
    await ssh(instance, h.key, `nohup sleep ${marker} >/dev/null 2>&1 &`);
    await waitFor(async () => ((await sleepers(marker)).length === 1 ? true : undefined));
    const { createRuntime } = await import("../../src/runtime/index.js");
    const lines: string[] = [];
    createRuntime({ dataDir: h.dataDir, log: (line) => lines.push(line) });
    expect(lines.join("\n")).toMatch(/ended \d+ leftover/);
    await waitFor(async () => ((await sleepers(marker)).length === 0 ? true : undefined), 5_000);
    const exit = await new Promise<InstanceExit>((resolve) => instance.onExit(resolve));
    expect(exit.reason).toBe("crashed");
  });
});

/** The host pid of an instance's PID 1 (its environment names the instance). */
async function initPidOf(instanceId: string): Promise<number> {
  for (const pid of await hostProcessesMatching("roll-init")) {
    const environ = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
    if (environ.includes(`INSTANCE_ID=${instanceId}\0`)) return pid;
  }
  throw new Error(`no init process for ${instanceId}`);
}

describe("sandbox crash", () => {
  it("takes every process of its instances with it", async () => {
    const { spawn } = await import("node:child_process");
    const spec = await h.spec();
    const dataDir = path.join(h.tmp, "orphan-data");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "boot-then-wait.ts"), dataDir, spec.ip, h.key.publicKey],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d;
          const match = /booted (\d+)/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.on("exit", (code) => reject(new Error(`fixture exited early (${code})`)));
      });
      const marker = `6${Date.now() % 100000}4`;
      const started = await ssh({ ip: spec.ip, sshPort: port } as never, h.key, `nohup sleep ${marker} >/dev/null 2>&1 & echo started`);
      expect(started.stdout).toBe("started\n");
      const init = await initPidOf("i-orphan");
      await waitFor(async () => ((await sleepers(marker)).length === 1 ? true : undefined));

      child.kill("SIGKILL");
      await waitFor(async () => ((await sleepers(marker)).length === 0 ? true : undefined), 5_000);
      // Gone, or a zombie waiting for whoever inherited it to reap it.
      await waitFor(async () => (isAlive(init) ? undefined : true), 5_000);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** The `sleep <marker>` processes, seen from the host. */
function sleepers(marker: string): Promise<number[]> {
  return hostProcessesStartingWith(`sleep ${marker}`);
}
