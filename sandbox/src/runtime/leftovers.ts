// A record of each running instance's host processes, so a runtime that restarts after a crash can end
// whatever the previous one left (normally PDEATHSIG has already done so).

import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { instancesDir } from "./paths.js";

interface PidRecord {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): guards against reused pids. */
  startTime: string;
}

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after its closing ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

export function recordPids(file: string, pids: number[]): void {
  const records: PidRecord[] = [];
  for (const pid of pids) {
    const startTime = processStartTime(pid);
    if (startTime) records.push({ pid, startTime });
  }
  writeFileSync(file, JSON.stringify(records) + "\n");
}

export function forgetPids(file: string): void {
  rmSync(file, { force: true });
}

/** Kills the recorded processes that are still the same processes; returns how many were killed. */
export function killLeftovers(dataDir: string): number {
  const dir = instancesDir(dataDir);
  if (!existsSync(dir)) return 0;
  let killed = 0;
  for (const id of readdirSync(dir)) {
    const file = path.join(dir, id, "pids.json");
    if (!existsSync(file)) continue;
    let records: PidRecord[] = [];
    try {
      records = JSON.parse(readFileSync(file, "utf8")) as PidRecord[];
    } catch {
      // An unreadable record is dropped below.
    }
    for (const { pid, startTime } of records) {
      if (processStartTime(pid) !== startTime) continue;
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // Already gone.
      }
    }
    forgetPids(file);
  }
  return killed;
}
