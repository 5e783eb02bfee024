// The local backend: one file per object, written atomically (temporary file, fsync, rename).
// Create-only writes use O_EXCL, which is atomic. Replace-if-unchanged compares a content hash while
// holding a short-lived sidecar file (created with O_EXCL), so two processes taking over the same
// stale lock cannot both win; a sidecar left by a crash is broken after a few seconds.

import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "../atomic-file.js";
import { PreconditionFailed, type StateBackend, type StoredObject } from "./types.js";

const etagOf = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 32);

async function get(path: string): Promise<StoredObject | undefined> {
  try {
    const body = await readFile(path, "utf8");
    return { body, etag: etagOf(body) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const SIDECAR_STALE_MS = 10_000;

async function createExclusive(path: string, body: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  let handle;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** Runs `work` while holding `<path>.cas`, the one compare-and-swap on that path at a time. */
async function withSidecar<T>(path: string, work: () => Promise<T>): Promise<T> {
  const sidecar = `${path}.cas`;
  for (;;) {
    if (await createExclusive(sidecar, String(process.pid))) break;
    const age = await stat(sidecar).then((info) => Date.now() - info.mtimeMs, () => 0);
    if (age > SIDECAR_STALE_MS) await rm(sidecar, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    return await work();
  } finally {
    await rm(sidecar, { force: true });
  }
}

export const localBackend: StateBackend = {
  get,
  async put(path, body, condition = {}) {
    if (condition.ifNoneMatch === "*") {
      if (!(await createExclusive(path, body))) throw new PreconditionFailed(path);
      return etagOf(body);
    }
    const expected = condition.ifMatch;
    if (expected === undefined) {
      await writeFileAtomic(path, body);
      return etagOf(body);
    }
    return withSidecar(path, async () => {
      if ((await get(path))?.etag !== expected) throw new PreconditionFailed(path);
      await writeFileAtomic(path, body);
      return etagOf(body);
    });
  },
  async delete(path) {
    await rm(path, { force: true });
  },
  async list(path) {
    return readdir(path).catch(() => []);
  },
};
