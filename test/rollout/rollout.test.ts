// The rollout engine against the sandbox, through the real pipeline: gates stop a bad release at its
// first checkpoint, and any registered version can be rolled back to.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import { planDeploy } from "../../src/pipelines/plan.js";
import { runRelease, type ReleaseSource } from "../../src/pipelines/release.js";
import { describeFleet } from "../../src/rollout/fleet.js";
import { fleetVersions, recordingContext, startTestCloud } from "../e2e/helpers.js";
import { createTempProject, FAST_ROLLOUT } from "../support/temp-project.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let projectRoot: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  projectRoot = await createTempProject([
    {
      name: "canary",
      rollout: {
        minHealthyPercentage: 75,
        instanceWarmupSeconds: 1,
        checkpoints: [25, 100],
        checkpointDelaySeconds: 60,
        soakSeconds: 1,
        gates: [{ type: "http", path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 1 }],
      },
    },
    { name: "quick", rollout: FAST_ROLLOUT, size: 2 },
    { name: "fresh", rollout: FAST_ROLLOUT, size: 2 },
  ]);
}, 120_000);
afterAll(async () => {
  await cloud?.sandbox.close();
});

async function release(app: string, source: ReleaseSource) {
  const { ctx, events } = recordingContext(cloud.clients, cloud.stateRoot);
  const result = await runRelease({ ...ctx, projectRoot }, { app, command: "test", source });
  return { result, events };
}

const bake = (vars: Record<string, string>): ReleaseSource => ({ kind: "bake", vars, varFiles: [] });

async function answers(app: string) {
  const fleet = await describeFleet(cloud.clients, `roll-${app}`, () => undefined);
  return Object.values(await fleetVersions(cloud.clients, fleet!.instances.map((i) => i.id))).sort();
}

async function expectPlanClean(app: string, vars: Record<string, string>) {
  const { ctx } = recordingContext(cloud.clients, cloud.stateRoot);
  const plan = await planDeploy({ ...ctx, projectRoot }, { app, vars, varFiles: [] });
  expect(plan.changes).toBe(0);
  expect(plan.refresh.needed).toBe(false);
}

describe("rollout behind gates", () => {
  it("a gate failure at the first checkpoint rolls back before the next gate round", async () => {
    expect((await release("canary", bake({ version: "1" }))).result.outcome).toBe("deployed");
    const { result, events } = await release("canary", bake({ version: "2", healthy: "false" }));
    expect(result).toMatchObject({ outcome: "rolled-back", live: "v1" });

    const firstFailure = events.findIndex((e) => e.type === "gate" && e.status === "Failed");
    const rollback = events.findIndex((e) => e.type === "rollback");
    expect(firstFailure).toBeGreaterThan(-1);
    expect(rollback).toBeGreaterThan(firstFailure);
    // The rollback starts in the same tick as the failing measurement: no refresh poll in between.
    expect(events.slice(firstFailure + 1, rollback).filter((e) => e.type === "refresh" || e.type === "instances")).toEqual([]);
    // The refresh never got past its first checkpoint (25%: one of four instances).
    const progress = events.filter((e): e is Extract<RollEvent, { type: "refresh" }> => e.type === "refresh" && e.status === "InProgress");
    expect(Math.max(...progress.map((e) => e.percentage))).toBeLessThanOrEqual(25);
    expect(events.find((e) => e.type === "rollback")).toMatchObject({ gate: "http :8080/healthz" });

    expect(await answers("canary")).toEqual(["1", "1", "1", "1"]);
    await expectPlanClean("canary", { version: "1" });
  }, 240_000);

  it("rolls back to a version three releases back", async () => {
    for (const version of ["1", "2", "3", "4"]) {
      expect((await release("quick", bake({ version }))).result).toMatchObject({ outcome: "deployed", version: `v${version}` });
    }
    expect(await answers("quick")).toEqual(["4", "4"]);
    const { result } = await release("quick", { kind: "version", to: "v1" });
    expect(result).toMatchObject({ outcome: "deployed", version: "v1", live: "v1" });
    expect(await answers("quick")).toEqual(["1", "1"]);
    await expectPlanClean("quick", { version: "1" });
    const previous = await release("quick", { kind: "version", to: "previous" });
    expect(previous.result).toMatchObject({ outcome: "deployed", version: "v4" });
    expect(await answers("quick")).toEqual(["4", "4"]);
  }, 300_000);

  it("a first release whose gates fail is reported failed, and the next good release replaces its instances", async () => {
    const bad = await release("fresh", bake({ version: "1", healthy: "false" }));
    expect(bad.result.outcome).toBe("failed");
    expect(bad.result.reason).toContain("no previous version to roll back to");
    const good = await release("fresh", bake({ version: "2" }));
    expect(good.result).toMatchObject({ outcome: "deployed", version: "v2", live: "v2" });
    expect(good.events.some((e) => e.type === "refresh")).toBe(true);
    expect(await answers("fresh")).toEqual(["2", "2"]);
  }, 240_000);
});
