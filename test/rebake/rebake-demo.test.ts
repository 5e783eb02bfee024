// The acceptance path for security rebakes, on the real sandbox through the real SDK, SSH and
// HTTP gates: deploy → rebake (up to date: the deploy recorded its manifest) → the vendor publishes a
// newer base → rebake (deployed, with the package diff) → rebake (up to date again). A package
// installed by the security step shows up in the diff; `roll diff` shows the same for any two versions.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultEvent, RollEvent } from "../../src/engine/events.js";
import { manifestPath, readVersionManifest } from "../../src/rebake/metadata.js";
import { runRebake } from "../../src/rebake/run-rebake.js";
import { runRelease } from "../../src/pipelines/release.js";
import { diffVersions } from "../../src/rebake/version-diff.js";
import { createReleaseStore } from "../../src/releases/store.js";
import { fleetVersions, leftovers, recordingContext, startTestCloud } from "../e2e/helpers.js";
import { hotfixStep, publishBase, refreshCount, webhookReceiver } from "./support.js";

const repo = resolve(import.meta.dirname, "../..");
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let stateDir: string;
let stateRoot: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  // `roll diff` (a child process) finds the state at $ROLL_STATE_DIR/sandbox.
  stateDir = await mkdtemp(join(tmpdir(), "roll-rebake-state-"));
  stateRoot = join(stateDir, "sandbox");
}, 120_000);
afterAll(async () => {
  await cloud?.sandbox.close();
});

async function rebake(options: { securityUpdate?: string; webhook?: string } = {}): Promise<{ result: ResultEvent; events: RollEvent[] }> {
  const { ctx, events } = recordingContext(cloud.clients, stateRoot);
  const result = await runRebake(ctx, { app: "demo", command: "test rebake", ...options });
  return { result, events };
}

async function imageExists(imageId: string): Promise<boolean> {
  const answer = await cloud.clients.ec2().send(new DescribeImagesCommand({ ImageIds: [imageId] })).catch(() => undefined);
  return answer?.Images?.[0]?.State === "available";
}

async function fleetAnswers(): Promise<string[]> {
  const state = await createReleaseStore(stateRoot, "demo").read();
  const { describeFleet } = await import("../../src/rollout/fleet.js");
  const fleet = await describeFleet(cloud.clients, state.groupName!, () => undefined);
  const ids = fleet!.instances.filter((i) => i.lifecycle === "InService").map((i) => i.id);
  return Object.values(await fleetVersions(cloud.clients, ids));
}

describe("roll rebake demo on the sandbox", () => {
  it("roll deploy records the version's package manifest and base image", async () => {
    const { ctx, events } = recordingContext(cloud.clients, stateRoot);
    const result = await runRelease(ctx, { app: "demo", command: "test deploy", source: { kind: "bake", vars: {}, varFiles: [] } });
    expect(result).toMatchObject({ outcome: "deployed", version: "v1", live: "v1" });
    const manifest = await readVersionManifest(stateRoot, "demo", "v1");
    expect(manifest?.baseImage.name).toMatch(/^sandbox-linux-base-.*-x86_64$/);
    expect(manifest?.packages.find((p) => p.name === "dpkg")).toBeDefined();
    // The package list is evidence, not progress: none of its lines reach the reporter.
    expect(events.some((e) => e.type === "output" && /^dpkg\t/.test(e.line))).toBe(false);
    expect(await fleetAnswers()).toEqual(["dev", "dev", "dev", "dev"]);
  }, 180_000);

  it("right after the deploy, with no new base image and no package changes: up to date, no refresh, the new image removed, notified", async () => {
    const hook = await webhookReceiver();
    const refreshesBefore = await refreshCount(cloud.clients, "roll-demo");
    try {
      const { result, events } = await rebake({ webhook: hook.url });
      expect(result).toMatchObject({ outcome: "up-to-date", version: "v1", live: "v1" });
      expect(result.rebake).toMatchObject({ previous: "v1", baked: "v2", packages: { upgraded: [], added: [], removed: [] } });
      const baked = events.find((e) => e.type === "image" && !e.reused) as Extract<RollEvent, { type: "image" }>;
      expect(baked.version).toBe("v2");
      expect(await imageExists(baked.imageId)).toBe(false);
      expect(events.some((e) => e.type === "resource" && e.kind === "snapshot" && e.action === "deleted")).toBe(true);
      expect(await refreshCount(cloud.clients, "roll-demo")).toBe(refreshesBefore);
      const state = await createReleaseStore(stateRoot, "demo").read();
      expect(state.live).toBe("v1");
      expect(state.versions.map((v) => v.version)).toEqual(["v1"]);
      expect(state.history.at(-1)).toMatchObject({ kind: "rebake", version: "v1", outcome: "up-to-date" });
      expect(existsSync(manifestPath(stateRoot, "demo", "v2"))).toBe(false);
      expect(hook.bodies).toEqual([expect.objectContaining({ kind: "roll.rebake", app: "demo", outcome: "up-to-date", live: "v1" })]);
    } finally {
      await hook.close();
    }
    expect(await leftovers(cloud.clients)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 180_000);

  // The up-to-date rebake above used v2 for its discarded candidate; numbers are never handed out twice.
  it("after the vendor publishes a newer base image: bakes on it, deploys behind the gates, reports the base change", async () => {
    const published = await publishBase(cloud.sandbox.endpoint);
    const refreshesBefore = await refreshCount(cloud.clients, "roll-demo");
    const { result, events } = await rebake();
    expect(result).toMatchObject({ outcome: "deployed", live: "v3" });
    expect(result.rebake?.baseImage.toName).toBe(published.name);
    expect(result.rebake?.baseImage.from).not.toBe(result.rebake?.baseImage.to);
    const upgraded = result.rebake!.packages.upgraded.map((p) => `${p.name} ${p.to}`);
    for (const change of published.packages) expect(upgraded).toContain(`${change.name} ${change.to}`);
    expect(events.some((e) => e.type === "gate" && e.verdict === "passed")).toBe(true);
    expect(await refreshCount(cloud.clients, "roll-demo")).toBe(refreshesBefore + 1);
    expect((await createReleaseStore(stateRoot, "demo").read()).history.at(-1)).toMatchObject({ kind: "rebake", version: "v3", outcome: "deployed" });
    expect(await fleetAnswers()).toEqual(["dev", "dev", "dev", "dev"]);
  }, 180_000);

  it("rebaking again on the same base: up to date (v4 discarded)", async () => {
    const { result } = await rebake();
    expect(result).toMatchObject({ outcome: "up-to-date", version: "v3", live: "v3" });
    expect(result.rebake).toMatchObject({ previous: "v3", baked: "v4", packages: { upgraded: [], added: [], removed: [] } });
    expect(result.rebake?.baseImage.from).toBe(result.rebake?.baseImage.to);
  }, 180_000);

  it("a package installed by the security step shows up in the diff and is deployed", async () => {
    const { result } = await rebake({ securityUpdate: hotfixStep("1.0") });
    expect(result).toMatchObject({ outcome: "deployed", live: "v5" });
    expect(result.rebake?.baseImage.from).toBe(result.rebake?.baseImage.to);
    expect(result.rebake?.packages).toEqual({ upgraded: [], added: [{ name: "roll-hotfix", version: "1.0", arch: "all" }], removed: [] });
  }, 180_000);

  it("roll diff shows base and package changes between any two versions", async () => {
    const diff = await diffVersions(stateRoot, "demo", "v1", "v5");
    expect(diff.baseImage.from).not.toBe(diff.baseImage.to);
    expect(diff.packages.added).toEqual([{ name: "roll-hotfix", version: "1.0", arch: "all" }]);
    expect(diff.packages.upgraded.length).toBeGreaterThan(0);

    const { stdout } = await promisify(execFile)(process.execPath, [join(repo, "bin/roll.js"), "diff", "demo", "v3", "v5", "--json"], {
      cwd: repo,
      env: { ...process.env, ROLL_STATE_DIR: stateDir },
    });
    expect(JSON.parse(stdout)).toMatchObject({ app: "demo", from: "v3", to: "v5", packages: { upgraded: [], added: [{ name: "roll-hotfix" }], removed: [] } });
    const plain = await promisify(execFile)(process.execPath, [join(repo, "bin/roll.js"), "diff", "demo", "v3", "v5"], {
      cwd: repo,
      env: { ...process.env, ROLL_STATE_DIR: stateDir },
    });
    expect(plain.stdout).toMatch(/added\s+roll-hotfix\s+all\s+1\.0/);
  }, 60_000);
});
