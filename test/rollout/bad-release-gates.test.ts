// The bad-release matrix by gate type (the http gate's row, with rollback --to and rebake, is in
// bad-release-kinds.test.ts): behind ELB target health, a user's command, or a soak, a healthy release
// is deployed, and each bad one (every instance bad, one of two, bad only after warm-up, the gate's
// endpoint unreachable, a slow boot) is rolled back with the whole fleet on the previous version,
// as the sandbox's EC2 and Auto Scaling API tell it. One sandbox; the apps release side by side.

import { afterAll, beforeAll, describe, it } from "vitest";
import {
  BAD_CASES,
  COMMAND_POLICY,
  createHealthTargetGroup,
  deploy,
  ELB_WARM_UP_SECONDS,
  expectDeployed,
  expectRolledBack,
  matrixProject,
  SOAK_POLICY,
  startMatrixCloud,
  TARGET_HEALTH_POLICY,
  type Matrix,
} from "./bad-release-support.js";

let matrix: Matrix;

beforeAll(async () => {
  const cloud = await startMatrixCloud();
  const targetGroupArn = await createHealthTargetGroup(cloud.clients, "matrix-elb");
  const projectRoot = await matrixProject([
    { name: "elb", rollout: TARGET_HEALTH_POLICY, extraProps: `targetGroupArns: [${JSON.stringify(targetGroupArn)}],` },
    { name: "command", rollout: COMMAND_POLICY },
    { name: "soak", rollout: SOAK_POLICY },
  ]);
  matrix = { cloud, projectRoot };
}, 120_000);
afterAll(async () => {
  await matrix?.cloud.sandbox.close();
});

/** The control deploys v1; then every bad case, deployed as v2, ends rolled back to v1. */
async function rehearse(app: string, overrides: Record<string, Record<string, string>> = {}): Promise<void> {
  await expectDeployed(matrix, app, await deploy(matrix, app, { version: "1" }), "v1", "1");
  for (const [name, vars] of Object.entries({ ...BAD_CASES, ...overrides })) {
    const result = await deploy(matrix, app, { version: "2", ...vars });
    await expectRolledBack(matrix, app, result, "v1", "1", name);
  }
}

describe.concurrent("bad releases are rolled back, whatever the gate", () => {
  it("target-health (ELB's own checks)", () => rehearse("elb", { "bad only after warm-up": { unhealthy_after: String(ELB_WARM_UP_SECONDS) } }), 600_000);
  it("a user's command", () => rehearse("command"), 600_000);
  it("the soak (one healthy answer per instance, then the soak)", () => rehearse("soak"), 600_000);
});
