import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRollError } from "../../src/engine/errors.js";
import { acquireLock, forceUnlock, lockPath, readLock } from "../../src/releases/lock.js";

const temp = () => mkdtemp(join(tmpdir(), "roll-lock-"));

describe("per-app lock", () => {
  it("lets one run in and tells the second who holds it", async () => {
    const dir = await temp();
    const first = await acquireLock(dir, { app: "demo", command: "roll deploy demo" });
    const second = await acquireLock(dir, { app: "demo", command: "roll deploy demo" }).catch((error) => error);
    expect(isRollError(second)).toBe(true);
    expect(second.code).toBe("locked");
    expect(second.message).toContain(`pid ${process.pid}`);
    expect(second.message).toContain("roll deploy demo");
    await first.release();
    const third = await acquireLock(dir, { app: "demo", command: "roll deploy demo" });
    await third.release();
    expect(await readLock(dir)).toBeUndefined();
  });

  it("waits for the holder with a wait time", async () => {
    const dir = await temp();
    const first = await acquireLock(dir, { app: "demo", command: "first" });
    setTimeout(() => void first.release(), 300);
    const second = await acquireLock(dir, { app: "demo", command: "second", waitMs: 5000 });
    expect(second.holder.command).toBe("second");
    await second.release();
  });

  it("takes over a lock whose process is gone on this host", async () => {
    const dir = await temp();
    const dead = { pid: 2 ** 22 - 1, host: hostname(), user: "someone", command: "roll deploy demo", since: "2026-01-01T00:00:00Z" };
    await writeFile(lockPath(dir), JSON.stringify(dead));
    const lock = await acquireLock(dir, { app: "demo", command: "roll deploy demo" });
    expect(lock.tookOverFrom?.pid).toBe(dead.pid);
    expect(JSON.parse(await readFile(lockPath(dir), "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("never takes a lock held on another host, but unlock --force removes it", async () => {
    const dir = await temp();
    const remote = { pid: 1, host: "ci-runner-7", user: "ci", command: "roll deploy demo", since: "2026-01-01T00:00:00Z" };
    await writeFile(lockPath(dir), JSON.stringify(remote));
    const error = await acquireLock(dir, { app: "demo", command: "x" }).catch((e) => e);
    expect(error.message).toContain("ci@ci-runner-7");
    expect((await forceUnlock(dir, { app: "demo" }))?.host).toBe("ci-runner-7");
    const lock = await acquireLock(dir, { app: "demo", command: "x" });
    await lock.release();
  });
});
