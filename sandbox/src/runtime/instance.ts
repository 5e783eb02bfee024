// A booted instance: its confined init, its SSH endpoint and its console, tied together.

import { spawn, type ChildProcess } from "node:child_process";
import type { InstanceExit, RunningInstance } from "./types.js";
import type { ConsoleBuffer } from "./console-buffer.js";
import { enterCommand } from "./confine.js";
import type { SshEndpoint } from "./ssh-server.js";
import { forgetPids } from "./leftovers.js";

export interface InstanceParts {
  instanceId: string;
  ip: string;
  rootfs: string;
  pidsFile: string;
  console: ConsoleBuffer;
  init: ChildProcess;
  initPid: number;
  hostKeyFingerprints: string[];
  log(line: string): void;
}

export class Instance implements RunningInstance {
  readonly instanceId: string;
  readonly ip: string;
  readonly hostKeyFingerprints: string[];
  private ssh: SshEndpoint | undefined;
  private readonly listeners: Array<(exit: InstanceExit) => void> = [];
  private exit: InstanceExit | undefined;
  private stopping = false;
  private readonly exited: Promise<void>;

  constructor(private readonly parts: InstanceParts) {
    this.instanceId = parts.instanceId;
    this.ip = parts.ip;
    this.hostKeyFingerprints = parts.hostKeyFingerprints;
    this.exited = new Promise((resolve) => {
      const onGone = (detail: string) => {
        forgetPids(parts.pidsFile);
        void this.ssh?.close();
        this.finish(this.stopping ? { reason: "stopped" } : { reason: "crashed", detail });
        resolve();
      };
      if (parts.init.exitCode !== null || parts.init.signalCode !== null) onGone("init exited");
      else parts.init.once("exit", (code, signal) => onGone(`init exited (${signal ?? `exit ${code}`})`));
    });
  }

  get sshPort(): number {
    return this.ssh?.port ?? 0;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  attachSsh(ssh: SshEndpoint): void {
    this.ssh = ssh;
  }

  /** Starts argv inside the instance (its namespaces, root and reduced capabilities) in a new process group. */
  spawnInside(env: Record<string, string>, argv: string[]): ChildProcess {
    const command = enterCommand(this.parts.initPid, this.parts.rootfs, env, argv);
    return spawn(command.file, command.args, { env: command.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  }

  consoleOutput(): string {
    return this.parts.console.read();
  }

  async stop(): Promise<void> {
    if (this.exit) return;
    this.stopping = true;
    await this.ssh?.close();
    // SIGKILL to the namespace's PID 1 makes the kernel kill every process in the namespace; unshare
    // (our child) exits only once they are all gone, which is what `exited` waits for.
    kill(this.parts.initPid);
    const fallback = setTimeout(() => kill(this.parts.init.pid), 5_000);
    fallback.unref();
    await this.exited;
    clearTimeout(fallback);
  }

  onExit(listener: (exit: InstanceExit) => void): void {
    if (this.exit) queueMicrotask(() => listener(this.exit!));
    else this.listeners.push(listener);
  }

  private finish(exit: InstanceExit): void {
    if (this.exit) return;
    this.exit = exit;
    this.parts.log(`instance ${this.instanceId} ${exit.reason}${exit.detail ? `: ${exit.detail}` : ""}`);
    for (const listener of this.listeners.splice(0)) {
      try {
        listener(exit);
      } catch (err) {
        this.parts.log(`instance ${this.instanceId}: exit listener failed: ${(err as Error).message}`);
      }
    }
  }
}

function kill(pid: number | undefined): void {
  try {
    if (pid) process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
