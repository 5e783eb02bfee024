// Deploys under the sandbox's faults (5% API errors, AWS throttling, 10% instance boot failures)
// end deployed or rolled back: never stuck, never a mixed fleet.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRelease } from "../../src/pipelines/release.js";
import { describeFleet } from "../../src/rollout/fleet.js";
import { leftovers, recordingContext, startTestCloud } from "../e2e/helpers.js";
import { createTempProject, FAST_ROLLOUT } from "../support/temp-project.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let projectRoot: string;

beforeAll(async () => {
  cloud = await startTestCloud({
    faults: { errorRate: { "*": 0.05 }, throttle: "aws", bootFailureRate: 0.1, seed: 20261127 },
  });
  projectRoot = await createTempProject([{ name: "faulty", rollout: FAST_ROLLOUT, size: 4 }]);
}, 120_000);
afterAll(async () => {
  await cloud?.sandbox.close();
});

async function deploy(vars: Record<string, string>) {
  const { ctx, events } = recordingContext(cloud.clients, cloud.stateRoot);
  const result = await runRelease({ ...ctx, projectRoot }, { app: "faulty", command: "test", source: { kind: "bake", vars, varFiles: [] } });
  return { result, events };
}

async function expectUniformFleet(live: string) {
  const fleet = await describeFleet(cloud.clients, "roll-faulty", () => undefined);
  const inService = fleet!.instances.filter((i) => i.lifecycle === "InService");
  expect(inService).toHaveLength(4);
  const state = JSON.parse(JSON.stringify(await import("../../src/releases/store.js").then((m) => m.createReleaseStore(cloud.stateRoot, "faulty").read())));
  const liveImage = state.versions.find((v: { version: string }) => v.version === live).imageId;
  expect(inService.map((i) => i.imageId)).toEqual(inService.map(() => liveImage));
}

describe("deploys under injected faults", () => {
  it("good releases deploy and a bad one rolls back, each leaving one version on the fleet", async () => {
    const first = await deploy({ version: "1" });
    expect(first.result.outcome, first.result.reason).toBe("deployed");
    await expectUniformFleet("v1");

    const second = await deploy({ version: "2" });
    expect(["deployed", "rolled-back"], second.result.reason).toContain(second.result.outcome);
    await expectUniformFleet(second.result.live!);

    const bad = await deploy({ version: "3", healthy: "false" });
    expect(bad.result.outcome, bad.result.reason).toBe("rolled-back");
    await expectUniformFleet(second.result.live!);
    expect(await leftovers(cloud.clients)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 600_000);
});
