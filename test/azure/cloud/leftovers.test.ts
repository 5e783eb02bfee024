// roll's Azure adapter over the real SDK against the sandbox's Azure face: SDK errors come back as
// roll's errors, and a killed bake's temporary group is found by its tags and removed, while groups
// that are not a bake's temporaries stay.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudClients } from "../../../src/cloud/target.js";
import type { RollEvent } from "../../../src/engine/events.js";
import { collectGarbage } from "../../../src/pipelines/gc.js";
import { acquireLock } from "../../../src/releases/lock.js";
import { appStateDir } from "../../../src/releases/store.js";
import { callAzure } from "../../../src/cloud/azure/call.js";
import { findAzureLeftovers, removeAzureLeftovers } from "../../../src/cloud/azure/leftovers.js";
import { temporaryTags } from "../../../src/cloud/azure/tags.js";
import { isRollError } from "../../../src/engine/errors.js";
import { startAzureCloud } from "../support.js";

let cloud: Awaited<ReturnType<typeof startAzureCloud>>;
beforeAll(async () => {
  cloud = await startAzureCloud();
}, 60_000);
afterAll(async () => {
  await cloud?.close();
});

describe("Azure adapter", () => {
  it("maps a missing group to roll's not-found error, the cloud's fault", async () => {
    const error = await callAzure("get resource group", () => cloud.azure.resources().resourceGroups.get("no-such-group")).catch((e: unknown) => e);
    expect(isRollError(error)).toBe(true);
    expect(error).toMatchObject({ code: "azure-not-found", fault: "external", message: expect.stringContaining("ResourceGroupNotFound") });
  });

  it("finds a dead bake's temporary group by its tags and removes it; other groups stay", async () => {
    const groups = cloud.azure.resources().resourceGroups;
    await groups.createOrUpdate("pkr-Resource-Group-abc123", { location: "westeurope", tags: temporaryTags("bake-1", "shop") });
    await groups.createOrUpdate("pkr-Resource-Group-other", { location: "westeurope", tags: temporaryTags("bake-2", "blog") });
    await groups.createOrUpdate("roll-shop", { location: "westeurope", tags: { "roll:app": "shop" } });
    await groups.createOrUpdate("pkr-Resource-Group-untagged", { location: "westeurope" });

    const forShop = await findAzureLeftovers(cloud.azure, { app: "shop" });
    expect(forShop).toEqual([expect.objectContaining({ kind: "resource-group", name: "pkr-Resource-Group-abc123", bakeId: "bake-1", app: "shop" })]);
    const all = await findAzureLeftovers(cloud.azure);
    expect(all.map((l) => l.name).sort()).toEqual(["pkr-Resource-Group-abc123", "pkr-Resource-Group-other"]);

    const result = await removeAzureLeftovers(cloud.azure, forShop);
    expect(result).toMatchObject({ removed: [expect.objectContaining({ name: "pkr-Resource-Group-abc123" })], failed: [] });
    const left: string[] = [];
    for await (const group of groups.list()) left.push(group.name!);
    expect(left.sort()).toEqual(["pkr-Resource-Group-other", "pkr-Resource-Group-untagged", "roll-shop"]);
  });
});

describe("roll gc on Azure", () => {
  it("removes a dead bake's group, and leaves a group whose app a live run has locked", async () => {
    const groups = cloud.azure.resources().resourceGroups;
    await groups.createOrUpdate("pkr-Resource-Group-dead", { location: "westeurope", tags: temporaryTags("bake-dead", "cart") });
    await groups.createOrUpdate("pkr-Resource-Group-live", { location: "westeurope", tags: temporaryTags("bake-live", "till") });
    const stateRoot = mkdtempSync(join(tmpdir(), "roll-azure-gc-"));
    const lock = await acquireLock(appStateDir(stateRoot, "till"), { app: "till", command: "roll bake till" });
    const clients = { ...cloudClients({ kind: "sandbox", region: cloud.sandbox.region, endpoint: cloud.sandbox.endpoint }), azure: () => cloud.azure };
    const events: RollEvent[] = [];
    try {
      const report = await collectGarbage({ clients, stateRoot, emit: (e) => events.push(e), signal: new AbortController().signal }, { dryRun: false });
      expect(report.bakes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ bakeId: "bake-dead", app: "cart", status: "leftover" }),
          expect.objectContaining({ bakeId: "bake-live", app: "till", status: "in-use" }),
        ]),
      );
      const removed = report.removed.map((r) => `${r.kind} ${r.id}`);
      expect(removed).toContain("resource-group pkr-Resource-Group-dead");
      expect(removed).not.toContain("resource-group pkr-Resource-Group-live");
      expect(events).toContainEqual(expect.objectContaining({ type: "resource", action: "deleted", kind: "resource-group", id: "pkr-Resource-Group-dead" }));
    } finally {
      await lock.release();
    }
    const left: string[] = [];
    for await (const group of groups.list()) left.push(group.name!);
    expect(left).toContain("pkr-Resource-Group-live");
    expect(left).not.toContain("pkr-Resource-Group-dead");
  });
});
