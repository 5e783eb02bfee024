// The key behind the content hash's sensitive part. A secret must count in the content hash (else a
// rotated secret "reuses" the image baked with the old one), but the hash is published as an image tag,
// so a secret enters it only as an HMAC under this key. The key lives in the state backend beside the
// app's releases, never in the cloud: whoever reads the tags cannot test guesses against them.

import { randomBytes } from "node:crypto";
import { backendFor, isPreconditionFailed, statePath } from "./backend/index.js";
import { appStateDir } from "./store.js";

function keyPath(stateRoot: string, app: string): string {
  return statePath(appStateDir(stateRoot, app), "reuse-key");
}

function decode(body: string): Buffer | undefined {
  const key = Buffer.from(body.trim(), "base64");
  return key.length >= 32 ? key : undefined;
}

/** The app's key, or undefined when none was made yet (`roll plan` reads, never writes). */
export async function readReuseKey(stateRoot: string, app: string): Promise<Buffer | undefined> {
  const path = keyPath(stateRoot, app);
  const object = await backendFor(path).get(path);
  return object ? decode(object.body) : undefined;
}

/** The app's key, made on first use (create-only, so two first bakes agree on one key). */
export async function ensureReuseKey(stateRoot: string, app: string): Promise<Buffer> {
  const existing = await readReuseKey(stateRoot, app);
  if (existing) return existing;
  const path = keyPath(stateRoot, app);
  const key = randomBytes(32);
  try {
    await backendFor(path).put(path, `${key.toString("base64")}\n`, { ifNoneMatch: "*" });
    return key;
  } catch (error) {
    if (!isPreconditionFailed(error)) throw error;
    const winner = await readReuseKey(stateRoot, app);
    if (!winner) throw error;
    return winner;
  }
}
