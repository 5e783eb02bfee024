// The per-app lock: an object created only if absent (O_EXCL locally, If-None-Match: * on S3), holding
// who took it. A second run fails at once and names the holder. A lock is stale when its process is
// gone (same host) or its lease ran out (any host: the holder renews it while it runs), and may then
// be taken over, atomically, by replacing exactly the stale version.

import { hostname, userInfo } from "node:os";
import { RollError } from "../engine/errors.js";
import { backendFor, isPreconditionFailed, statePath, type StoredObject } from "./backend/index.js";
import { isSameProcessAlive, ownIdentity } from "./process-identity.js";

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  command: string;
  since: string;
  /** The holder renews this while it runs; past it, the lock is stale on any machine. */
  expiresAt?: string;
  /** The holder's start time and boot (see process-identity.ts), so a reused pid is not taken for it. */
  startTime?: string;
  bootId?: string;
}

export interface AppLock {
  holder: LockHolder;
  /** The lock we replaced because its holder was gone. */
  tookOverFrom?: LockHolder;
  release(): Promise<void>;
}

/** How long a lock outlives its last renewal; renewed every fifth of it. */
export const LEASE_MS = 5 * 60_000;

export function lockPath(appDir: string): string {
  return statePath(appDir, "lock.json");
}

function parseHolder(object: StoredObject): LockHolder {
  try {
    return JSON.parse(object.body) as LockHolder;
  } catch {
    // A torn or unreadable lock still means someone tried to hold the lock.
    return { pid: 0, host: "unknown", user: "unknown", command: "unknown (unreadable lock)", since: "" };
  }
}

export async function readLock(appDir: string): Promise<LockHolder | undefined> {
  const path = lockPath(appDir);
  const object = await backendFor(path).get(path);
  return object ? parseHolder(object) : undefined;
}

export function isStale(holder: LockHolder, now = Date.now()): boolean {
  if (holder.host === hostname() && holder.pid > 0 && !isSameProcessAlive(holder)) return true;
  return holder.expiresAt !== undefined && Date.parse(holder.expiresAt) < now;
}

/** The holder is working right now: its process runs here, or (another machine) its lease is fresh. */
export function isLiveHolder(holder: LockHolder, now = Date.now()): boolean {
  if (holder.pid <= 0) return false;
  return !isStale(holder, now) && (holder.host === hostname() || holder.expiresAt !== undefined);
}

export function describeHolder(holder: LockHolder): string {
  return `${holder.user}@${holder.host} (pid ${holder.pid}, "${holder.command}", since ${holder.since})`;
}

export interface AcquireOptions {
  app: string;
  command: string;
  /** Wait for the holder instead of failing at once. */
  waitMs?: number;
  signal?: AbortSignal;
  leaseMs?: number;
}

export async function acquireLock(appDir: string, options: AcquireOptions): Promise<AppLock> {
  const path = lockPath(appDir);
  const backend = backendFor(path);
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const identity = ownIdentity();
  const holder: LockHolder = {
    pid: process.pid,
    startTime: identity.startTime,
    bootId: identity.bootId,
    host: hostname(),
    user: userInfo().username,
    command: options.command,
    since: new Date().toISOString(),
  };
  const body = () => `${JSON.stringify({ ...holder, expiresAt: new Date(Date.now() + leaseMs).toISOString() })}\n`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  let tookOverFrom: LockHolder | undefined;
  let etag: string;
  for (;;) {
    try {
      etag = await backend.put(path, body(), { ifNoneMatch: "*" });
      break;
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
    }
    const current = await backend.get(path);
    if (current && isStale(parseHolder(current))) {
      try {
        // Replace exactly the stale version: of two runs taking over at once, one wins.
        etag = await backend.put(path, body(), { ifMatch: current.etag });
        tookOverFrom = parseHolder(current);
        break;
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
        continue;
      }
    }
    if (!current) continue;
    if (Date.now() >= deadline || options.signal?.aborted) {
      throw new RollError("locked", `app "${options.app}" is locked by ${describeHolder(parseHolder(current))}`, {
        fault: "user",
        hint: `wait for that run to finish, pass --wait-lock, or run \`roll unlock ${options.app} --force\` if it is gone`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // Renew the lease while the run goes on; a renewal that finds the lock changed means someone
  // forced it away: stop renewing (the run's own writes are still serialized by their etags).
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = backend
      .put(path, body(), { ifMatch: etag })
      .then((next) => (etag = next))
      .catch(() => clearInterval(timer));
  }, leaseMs / 5);
  timer.unref();

  let released = false;
  return {
    holder,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await renewing;
      const current = await backend.get(path);
      if (current && current.etag === etag) await backend.delete(path);
    },
  };
}

/**
 * Removes the lock. A live holder (see isLiveHolder) is refused unless `really`: taking the lock from
 * a working run lets a second run act on the same group at once (two refreshes, a "repair" of a run
 * that is not dead, contradictory history).
 */
export async function forceUnlock(appDir: string, options: { app: string; really?: boolean }): Promise<LockHolder | undefined> {
  const current = await readLock(appDir);
  if (current && !options.really && isLiveHolder(current)) {
    throw new RollError("locked", `the lock of "${options.app}" is held by a live run: ${describeHolder(current)}`, {
      fault: "user",
      hint:
        "removing it lets another run change the same group while that one still works (two refreshes at once, a rollback that " +
        `"repairs" a run in flight, contradictory history). Wait for it or stop it; only if you are sure, pass --really`,
    });
  }
  const path = lockPath(appDir);
  await backendFor(path).delete(path);
  return current;
}
