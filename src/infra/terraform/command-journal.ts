// A note, in the app's working directory, of the terraform command roll is running: written when the
// child starts, removed when it ends. A run killed with -9 leaves the note behind, and the next run
// uses it to end a terraform still working on unwatched (the note names its process group) and to
// recognise the state lock that command held (same user@host, taken after the command started), so
// it can clear that lock and never one that someone else holds.

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const NOTE = ".roll-command.json";

export interface CommandNote {
  /** The roll process that ran the command. */
  rollPid: number;
  /** The terraform process; it leads its own process group. */
  pid: number;
  command: string;
  startedAt: string;
  /** Terraform's "Who" of a state lock it takes: user@host. */
  who: string;
}

export function lockOwner(): string {
  return `${userInfo().username}@${hostname()}`;
}

export function noteCommand(dir: string, pid: number, command: string): void {
  const note: CommandNote = { rollPid: process.pid, pid, command, startedAt: new Date().toISOString(), who: lockOwner() };
  writeFileSync(join(dir, NOTE), `${JSON.stringify(note)}\n`);
}

export function clearCommandNote(dir: string): void {
  rmSync(join(dir, NOTE), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The note of a command whose roll process is gone, if there is one. */
export function staleCommand(dir: string): CommandNote | undefined {
  const file = join(dir, NOTE);
  if (!existsSync(file)) return undefined;
  let note: CommandNote;
  try {
    note = JSON.parse(readFileSync(file, "utf8")) as CommandNote;
  } catch {
    return undefined;
  }
  if (note.rollPid === process.pid || alive(note.rollPid)) return undefined;
  return note;
}

/** Whether `pid` is still the terraform/tofu the note names (a pid may have been reused since). */
function stillTerraform(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return /terraform|tofu/.test(cmdline);
  } catch {
    return alive(pid);
  }
}

/** Ends the process group of a dead run's terraform: SIGTERM, then SIGKILL after a few seconds. */
export async function endStaleCommand(note: CommandNote, graceMs = 5000): Promise<boolean> {
  if (!alive(note.pid) || !stillTerraform(note.pid)) return false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-note.pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(note.pid) && Date.now() < deadline) await sleep(100);
  if (alive(note.pid)) signalGroup("SIGKILL");
  while (alive(note.pid)) await sleep(50);
  return true;
}

export interface LockInfo {
  id: string;
  who?: string;
  created?: Date;
}

/** Reads Terraform's "Lock Info:" block (in the diagnostic of a failed lock) . */
export function parseLockInfo(whole: string): LockInfo | undefined {
  // Only the block itself: the S3 backend's error before it also names an ID (the lock it tried to take).
  const at = whole.indexOf("Lock Info:");
  const text = at >= 0 ? whole.slice(at) : whole;
  const id = /ID:\s+(\S+)/.exec(text)?.[1];
  if (!id) return undefined;
  const who = /Who:\s+(\S+)/.exec(text)?.[1];
  const created = /Created:\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) \+0000 UTC/.exec(text)?.[1];
  return { id, ...(who ? { who } : {}), ...(created ? { created: new Date(`${created.replace(" ", "T").slice(0, 23)}Z`) } : {}) };
}

/** True when the lock was taken by the dead run's command: same owner, taken after that command started. */
export function lockOwnedBy(lock: LockInfo, note: CommandNote): boolean {
  if (!lock.who || !lock.created || lock.who !== note.who) return false;
  return lock.created.getTime() >= new Date(note.startedAt).getTime() - 1000;
}
