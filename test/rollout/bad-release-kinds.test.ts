// The bad-release matrix by kind of release, behind the http gate (the other gates are in
// bad-release-gates.test.ts): a deploy, a `rollback --to` a registered version, and a security rebake
// each end deployed when healthy, and rolled back with the whole fleet on the previous version when
// every instance is bad, one of two is, they turn bad after warm-up, the gate's endpoint is
// unreachable, or they boot too slowly. The rebake rebuilds the live version's inputs: its fleet keeps
// answering the live release (the user who saw a rebake deploy the template's defaults).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hotfixStep } from "../rebake/support.js";
import {
  BAD_CASES,
  bakeOnly,
  deploy,
  expectDeployed,
  expectRolledBack,
  HTTP_POLICY,
  matrixProject,
  REBAKE_FAULTS,
  rebake,
  release,
  startMatrixCloud,
  type Matrix,
} from "./bad-release-support.js";

let matrix: Matrix;

beforeAll(async () => {
  const cloud = await startMatrixCloud();
  const rebakePolicy = { schedule: "0 4 * * 1", securityUpdate: "true" };
  const projectRoot = await matrixProject([
    { name: "deploy", rollout: HTTP_POLICY },
    { name: "back", rollout: HTTP_POLICY },
    { name: "rebake", rollout: HTTP_POLICY, extraApp: `rebake: ${JSON.stringify(rebakePolicy)},` },
  ]);
  matrix = { cloud, projectRoot };
}, 120_000);
afterAll(async () => {
  await matrix?.cloud.sandbox.close();
});

describe.concurrent("bad releases are rolled back, whatever the kind of release", () => {
  it("deploy", async () => {
    await expectDeployed(matrix, "deploy", await deploy(matrix, "deploy", { version: "1" }), "v1", "1");
    for (const [name, vars] of Object.entries(BAD_CASES)) {
      await expectRolledBack(matrix, "deploy", await deploy(matrix, "deploy", { version: "2", ...vars }), "v1", "1", name);
    }
  }, 600_000);

  it("rollback --to a registered version", async () => {
    await expectDeployed(matrix, "back", await deploy(matrix, "back", { version: "1" }), "v1", "1");
    // Registered, never deployed: the bad versions v2…v6, then a good v7.
    const bad: [string, string][] = [];
    for (const [name, vars] of Object.entries(BAD_CASES)) {
      const baked = await bakeOnly(matrix, "back", { version: "2", ...vars });
      expect(baked.outcome, baked.reason).toBe("baked");
      bad.push([name, baked.version!]);
    }
    const good = await bakeOnly(matrix, "back", { version: "3" });
    await expectDeployed(matrix, "back", await release(matrix, "back", { kind: "version", to: good.version! }), good.version!, "3");
    for (const [name, version] of bad) {
      await expectRolledBack(matrix, "back", await release(matrix, "back", { kind: "version", to: version }), good.version!, "3", name);
    }
  }, 600_000);

  it("rebake", async () => {
    await expectDeployed(matrix, "rebake", await deploy(matrix, "rebake", { version: "7" }), "v1", "7");
    // The healthy rebake installs a package (so it is not "up to date") and keeps answering 7.
    const control = await rebake(matrix, "rebake", hotfixStep("1.0"));
    await expectDeployed(matrix, "rebake", control, control.version!, "7");
    let patch = 0;
    for (const [name, line] of Object.entries(REBAKE_FAULTS)) {
      // A newer package each time, and the settings line that breaks the service.
      const step = `${hotfixStep(`1.${++patch}`)}; echo '${line}' | sudo tee -a /opt/demo/env >/dev/null`;
      await expectRolledBack(matrix, "rebake", await rebake(matrix, "rebake", step), control.version!, "7", name);
    }
  }, 600_000);
});
