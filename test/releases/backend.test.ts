// The state backends keep their promises: create-only and replace-if-unchanged writes, a lock one
// machine at a time, no lost release update. Local folder and S3 (the sandbox's, through the real SDK).

import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudClients } from "../../src/cloud/target.js";
import { backendFor, isPreconditionFailed, registerS3State, statePath } from "../../src/releases/backend/index.js";
import { acquireLock, lockPath, readLock } from "../../src/releases/lock.js";
import { appStateDir, createReleaseStore } from "../../src/releases/store.js";
import { startTestSandbox } from "../../sandbox/test/helpers.js";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let s3Root: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const clients = cloudClients({ kind: "sandbox", region: "us-east-1", endpoint: sandbox.sandbox.endpoint });
  await clients.s3().send(new CreateBucketCommand({ Bucket: "team-roll-state" }));
  await registerS3State("team-roll-state", clients.s3());
  s3Root = "s3://team-roll-state/roll/sandbox";
});
afterAll(async () => {
  await sandbox?.close();
});

const roots: Record<string, () => Promise<string>> = {
  local: () => mkdtemp(join(tmpdir(), "roll-backend-")),
  s3: async () => `${s3Root}/${Math.random().toString(36).slice(2)}`,
};

describe.each(Object.keys(roots))("%s state backend", (kind) => {
  it("creates only when absent and replaces only the version it read", async () => {
    const root = await roots[kind]();
    const path = statePath(root, "demo", "object.json");
    const backend = backendFor(path);
    const first = await backend.put(path, "one", { ifNoneMatch: "*" });
    const again = await backend.put(path, "two", { ifNoneMatch: "*" }).catch((e) => e);
    expect(isPreconditionFailed(again)).toBe(true);
    const second = await backend.put(path, "two", { ifMatch: first });
    const stale = await backend.put(path, "three", { ifMatch: first }).catch((e) => e);
    expect(isPreconditionFailed(stale)).toBe(true);
    expect(await backend.get(path)).toEqual({ body: "two", etag: second });
    expect(await backend.list(statePath(root, "demo"))).toContain("object.json");
    await backend.delete(path);
    expect(await backend.get(path)).toBeUndefined();
  });

  it("lets one run hold an app's lock and names it to the other", async () => {
    const root = await roots[kind]();
    const first = await acquireLock(appStateDir(root, "demo"), { app: "demo", command: "roll deploy demo" });
    const refused = await acquireLock(appStateDir(root, "demo"), { app: "demo", command: "roll deploy demo" }).catch((e) => e);
    expect(refused.code).toBe("locked");
    expect(refused.message).toContain(`pid ${process.pid}`);
    await first.release();
    expect(await readLock(appStateDir(root, "demo"))).toBeUndefined();
  });

  it("takes over a lock whose lease ran out on another machine", async () => {
    const root = await roots[kind]();
    const path = lockPath(appStateDir(root, "demo"));
    const gone = { pid: 4242, host: "ci-runner-9", user: "ci", command: "roll deploy demo", since: "2026-11-27T00:00:00Z", expiresAt: "2026-11-27T00:05:00Z" };
    await backendFor(path).put(path, JSON.stringify(gone));
    const lock = await acquireLock(appStateDir(root, "demo"), { app: "demo", command: "roll deploy demo" });
    expect(lock.tookOverFrom?.host).toBe("ci-runner-9");
    expect((await readLock(appStateDir(root, "demo")))?.pid).toBe(process.pid);
    await lock.release();
  });

  it("loses no release update when two writers race", async () => {
    const root = await roots[kind]();
    const a = createReleaseStore(root, "demo");
    const b = createReleaseStore(root, "demo");
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).update((state) => {
          state.versions.push({ version: `v${i + 1}`, imageId: `ami-${i}`, region: "us-east-1", createdAt: "" });
        }),
      ),
    );
    expect((await a.read()).versions.map((v) => v.version).sort()).toEqual(["v1", "v2", "v3", "v4", "v5", "v6"]);
  });
});
