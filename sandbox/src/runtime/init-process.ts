// Starts an instance's confined init and waits for it to say the root is ready (a line on fd 3).

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import type { Command } from "./confine.js";
import type { ConsoleBuffer } from "./console-buffer.js";

export interface StartedInit {
  /** The host-side `unshare` process (exits when the instance's PID 1 exits). */
  child: ChildProcess;
  /** Host pid of the instance's PID 1, the target for nsenter. */
  initPid: number;
}

const READY_TIMEOUT_MS = 15_000;

export function startInit(command: Command, consoleBuffer: ConsoleBuffer): Promise<StartedInit> {
  const child = spawn(command.file, command.args, {
    env: command.env,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => consoleBuffer.append(chunk));
  }
  const ready = child.stdio[3] as Readable;

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      // Let the console catch the last words of the setup script before reporting them.
      setTimeout(() => reject(new Error(`${reason}; console: ${consoleBuffer.read().trim().slice(-2000) || "(empty)"}`)), 20);
    };
    const timer = setTimeout(() => fail(`init did not become ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.once("error", (err) => fail(`cannot start init: ${err.message}`));
    child.once("exit", (code, signal) => fail(`init exited during boot (${signal ?? `exit ${code}`})`));
    ready.setEncoding("utf8");
    ready.on("data", (chunk: string) => {
      if (settled || !chunk.includes("ready")) return;
      const initPid = childPidOf(child.pid!);
      if (initPid === undefined) return fail("cannot find the instance's PID 1");
      settled = true;
      clearTimeout(timer);
      resolve({ child, initPid });
    });
    ready.on("error", () => {});
  });
}

function childPidOf(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)[0];
    const childPid = Number(first);
    return Number.isInteger(childPid) && childPid > 0 ? childPid : undefined;
  } catch {
    return undefined;
  }
}
