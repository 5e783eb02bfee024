// Which process a pid names. A pid alone is reused by the kernel, so a record of "pid 4242" may, days
// later, describe an unrelated process; the start time (clock ticks since boot, /proc/<pid>/stat field
// 22) and the boot id together name one process for good.

import { readFileSync } from "node:fs";

export interface ProcessIdentity {
  pid: number;
  /** /proc/<pid>/stat field 22; absent where /proc is not readable. */
  startTime?: string;
  /** /proc/sys/kernel/random/boot_id: start times count from this boot. */
  bootId?: string;
}

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

export function ownIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid), bootId: bootId() };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True only when the recorded process still runs: same pid, same start time, same boot. */
export function isSameProcessAlive(identity: ProcessIdentity): boolean {
  if (identity.pid <= 0 || !pidExists(identity.pid)) return false;
  if (identity.bootId && bootId() && identity.bootId !== bootId()) return false;
  if (!identity.startTime) return true; // recorded without /proc: the pid is all we know
  const now = processStartTime(identity.pid);
  return now === undefined || now === identity.startTime;
}
