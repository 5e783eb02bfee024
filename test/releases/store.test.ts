import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createReleaseStore, nextVersion, resolveTarget } from "../../src/releases/store.js";

describe("release store", () => {
  it("numbers versions after the highest one known locally or in the cloud", async () => {
    const store = createReleaseStore(await mkdtemp(join(tmpdir(), "roll-store-")), "demo");
    expect(nextVersion(await store.read())).toBe("v1");
    await store.update((state) => {
      state.versions.push({ version: "v1", imageId: "ami-1", region: "us-east-1", createdAt: "" });
    });
    expect(nextVersion(await store.read())).toBe("v2");
    expect(nextVersion(await store.read(), ["v7", "v3"])).toBe("v8");
  });

  it("resolves previous to the last deployed version before the live one", async () => {
    const store = createReleaseStore(await mkdtemp(join(tmpdir(), "roll-store-")), "demo");
    const entry = (version: string, outcome: "deployed" | "rolled-back") => ({
      kind: "deploy" as const,
      version,
      outcome,
      startedAt: "",
      endedAt: "",
    });
    const state = await store.update((s) => {
      s.history.push(entry("v1", "deployed"), entry("v2", "deployed"), entry("v3", "rolled-back"));
      s.live = "v2";
    });
    expect(resolveTarget(state, "previous")).toBe("v1");
    expect(resolveTarget(state, "v3")).toBe("v3");
    const reread = await store.read();
    expect(reread.live).toBe("v2");
    expect(reread.history).toHaveLength(3);
  });
});
