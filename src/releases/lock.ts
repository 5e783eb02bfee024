// The per-app lock: a file created exclusively, holding who took it. A second run fails at once and
// names the holder; a lock whose process is gone (same host) is stale and may be taken over.

import { open, readFile, rm } from "node:fs/promises";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { RollError } from "../engine/errors.js";

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  command: string;
  since: string;
}

export interface AppLock {
  holder: LockHolder;
  /** The lock we replaced because its process was gone. */
  tookOverFrom?: LockHolder;
  release(): Promise<void>;
}

export function lockPath(appDir: string): string {
  return join(appDir, "lock.json");
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function readLock(appDir: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(lockPath(appDir), "utf8")) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // A torn or unreadable lock file still means someone tried to hold the lock.
    return { pid: 0, host: "unknown", user: "unknown", command: "unknown (unreadable lock file)", since: "" };
  }
}

export function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && holder.pid > 0 && !processAlive(holder.pid);
}

export function describeHolder(holder: LockHolder): string {
  return `${holder.user}@${holder.host} (pid ${holder.pid}, "${holder.command}", since ${holder.since})`;
}

async function createExclusive(path: string, holder: LockHolder): Promise<boolean> {
  try {
    const handle = await open(path, "wx", 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(holder)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export interface AcquireOptions {
  app: string;
  command: string;
  /** Wait for the holder instead of failing at once. */
  waitMs?: number;
  signal?: AbortSignal;
}

export async function acquireLock(appDir: string, options: AcquireOptions): Promise<AppLock> {
  await mkdir(appDir, { recursive: true });
  const path = lockPath(appDir);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    user: userInfo().username,
    command: options.command,
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + (options.waitMs ?? 0);
  let tookOverFrom: LockHolder | undefined;
  for (;;) {
    if (await createExclusive(path, holder)) break;
    const current = await readLock(appDir);
    if (current && isStale(current)) {
      tookOverFrom = current;
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline || options.signal?.aborted) {
      throw new RollError(
        "locked",
        `app "${options.app}" is locked by ${current ? describeHolder(current) : "another run"}`,
        { fault: "user", hint: "wait for that run to finish, pass --wait-lock, or run `roll unlock " + options.app + " --force` if it is gone" },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let released = false;
  return {
    holder,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      const current = await readLock(appDir);
      if (current && current.pid === holder.pid && current.since === holder.since) await rm(path, { force: true });
    },
  };
}

export async function forceUnlock(appDir: string): Promise<LockHolder | undefined> {
  const current = await readLock(appDir);
  await rm(lockPath(appDir), { force: true });
  return current;
}
