// The acceptance path, through the real pipeline, the real SDK over HTTP, real SSH into
// confined instances and real HTTP gates: deploy v1, deploy v2, a failing v3 rolled back, rollback to v1.

import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultEvent } from "../../src/engine/events.js";
import { planDeploy } from "../../src/pipelines/plan.js";
import { runRelease } from "../../src/pipelines/release.js";
import { lockPath } from "../../src/releases/lock.js";
import { appStateDir, createReleaseStore } from "../../src/releases/store.js";
import { describeFleet } from "../../src/rollout/fleet.js";
import { fleetVersions, leftovers, recordingContext, startTestCloud } from "./helpers.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;

beforeAll(async () => {
  cloud = await startTestCloud();
}, 120_000);
afterAll(async () => {
  await cloud?.sandbox.close();
});

async function deploy(vars: Record<string, string>): Promise<ResultEvent> {
  const { ctx } = recordingContext(cloud.clients, cloud.stateRoot);
  return runRelease(ctx, { app: "demo", command: "test deploy", source: { kind: "bake", vars, varFiles: [] } });
}

async function fleetAnswers() {
  const fleet = await describeFleet(cloud.clients, "roll-demo", () => undefined);
  expect(fleet).toBeDefined();
  const ids = fleet!.instances.filter((i) => i.lifecycle === "InService").map((i) => i.id);
  expect(ids).toHaveLength(4);
  return { ids, answers: Object.values(await fleetVersions(cloud.clients, ids)) };
}

/** After any release, the stack of what runs matches the cloud: a plan shows no changes. */
async function expectPlanClean(vars: Record<string, string>) {
  const { ctx } = recordingContext(cloud.clients, cloud.stateRoot);
  const plan = await planDeploy(ctx, { app: "demo", vars, varFiles: [] });
  expect(plan.bake.needed).toBe(false);
  expect(plan.resources.filter((r) => r.action !== "no-op")).toEqual([]);
  expect(plan.changes).toBe(0);
  expect(plan.refresh.needed).toBe(false);
}

async function expectNothingLeft() {
  expect(await leftovers(cloud.clients)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  expect(existsSync(lockPath(appStateDir(cloud.stateRoot, "demo")))).toBe(false);
}

describe("roll deploy demo on the sandbox", () => {
  let v1Instances: string[] = [];

  it("deploys v1: every instance answers 1", async () => {
    const result = await deploy({ version: "1" });
    expect(result).toMatchObject({ outcome: "deployed", version: "v1", live: "v1" });
    const { ids, answers } = await fleetAnswers();
    expect(answers).toEqual(["1", "1", "1", "1"]);
    v1Instances = ids;
    await expectNothingLeft();
  }, 180_000);

  it("deploys v2 behind the gate: every instance replaced and answering 2", async () => {
    const result = await deploy({ version: "2" });
    expect(result).toMatchObject({ outcome: "deployed", version: "v2", live: "v2" });
    const { ids, answers } = await fleetAnswers();
    expect(answers).toEqual(["2", "2", "2", "2"]);
    expect(ids.filter((id) => v1Instances.includes(id))).toEqual([]);
    await expectNothingLeft();
  }, 180_000);

  it("rolls a failing v3 back: all instances answer 2 and history says so", async () => {
    const { ctx, events } = recordingContext(cloud.clients, cloud.stateRoot);
    const result = await runRelease(ctx, {
      app: "demo",
      command: "test deploy",
      source: { kind: "bake", vars: { version: "3", healthy: "false" }, varFiles: [] },
    });
    expect(result).toMatchObject({ outcome: "rolled-back", version: "v3", live: "v2" });
    expect(result.reason).toContain("/healthz");
    const rollback = events.find((e) => e.type === "rollback");
    expect(rollback).toBeDefined();
    const { answers } = await fleetAnswers();
    expect(answers).toEqual(["2", "2", "2", "2"]);
    const state = await createReleaseStore(cloud.stateRoot, "demo").read();
    expect(state.live).toBe("v2");
    expect(state.history.at(-1)).toMatchObject({ version: "v3", outcome: "rolled-back" });
    await expectNothingLeft();
    await expectPlanClean({ version: "2" });
  }, 180_000);

  it("rolls back to v1 on request: every instance answers 1", async () => {
    const { ctx } = recordingContext(cloud.clients, cloud.stateRoot);
    const result = await runRelease(ctx, { app: "demo", command: "test rollback", source: { kind: "version", to: "v1" } });
    expect(result).toMatchObject({ outcome: "deployed", version: "v1", live: "v1" });
    const { answers } = await fleetAnswers();
    expect(answers).toEqual(["1", "1", "1", "1"]);
    await expectNothingLeft();
    await expectPlanClean({ version: "1" });
  }, 180_000);

  it("reuses v1's image for an identical bake instead of launching a builder, replacing nothing", async () => {
    const before = (await fleetAnswers()).ids;
    const { ctx, events } = recordingContext(cloud.clients, cloud.stateRoot);
    const result = await runRelease(ctx, { app: "demo", command: "test deploy", source: { kind: "bake", vars: { version: "1" }, varFiles: [] } });
    expect(result).toMatchObject({ outcome: "deployed", version: "v1" });
    expect(events.some((e) => e.type === "resource" && e.kind === "instance" && e.action === "created")).toBe(false);
    expect(events.find((e) => e.type === "image")).toMatchObject({ version: "v1", reused: true });
    expect(events.some((e) => e.type === "refresh")).toBe(false);
    expect((await fleetAnswers()).ids).toEqual(before);
  }, 180_000);
});
