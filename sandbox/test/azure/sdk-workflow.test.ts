// The JavaScript Azure SDK (@azure/identity + @azure/arm-resources/-network/-compute) runs roll's Azure
// workflow (sandbox/test/azure/scripts/sdk-workflow.ts) with its own pollers against a sandbox with the
// real instance runtime, configured only by what `roll sandbox env` exports.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxEnv } from "../../src/control.js";
import { createRuntime } from "../../src/runtime/index.js";
import { startTestSandbox, type TestSandbox } from "../helpers.js";
import { envFromExports } from "./azure-helpers.js";

const SCRIPT = fileURLToPath(new URL("./scripts/sdk-workflow.ts", import.meta.url));
const run = promisify(execFile);
let t: TestSandbox | undefined;

beforeAll(async () => {
  t = await startTestSandbox({ runtime: (dir) => createRuntime({ dataDir: dir }), timing: { imagePendingMs: 200, apiSecondMs: 100 } });
});
afterAll(async () => {
  await t?.close();
});

it("bakes on Azure with the SDK and rolls a scale set: marketplace VM, SSH, gallery versions, rolling upgrades, rollback on policy breach", { timeout: 180_000 }, async () => {
  const env = envFromExports(sandboxEnv({ ...t!.sandbox, dataDir: t!.dataDir }));
  const { stdout } = await run(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { PATH: process.env.PATH, HOME: t!.dataDir, ...env, SESSION: "t1" },
    timeout: 170_000,
  });
  expect(stdout).toContain("group rg-sdk-t1 created");
  expect(stdout).toContain("network ready: Succeeded 1 rule, nic Succeeded");
  expect(stdout).toMatch(/vm bake Succeeded from 22\.04\.\d{9}/);
  expect(stdout).toContain("vm statuses: ProvisioningState/succeeded PowerState/running");
  expect(stdout).toContain("ssh: baked-by-customdata sudo-ok");
  expect(stdout).toContain("vm after deallocate+generalize: ProvisioningState/succeeded PowerState/deallocated OSState/generalized");
  expect(stdout).toContain("gallery version 1.0.0 Succeeded, replication Completed in eastus,westus");
  expect(stdout).toContain("baked as azureuser: 2.0.0 3.0.0");
  expect(stdout).toContain("scale set web Succeeded capacity 2 Rolling pause PT1S");
  expect(stdout).toContain("instances: 0:1.0.0:latest:HealthState/healthy 1:1.0.0:latest:HealthState/healthy");
  expect(stdout).toContain("instance ssh as azureuser: from-customdata sudo-ok");
  expect(stdout).toContain("rolling upgrade to 2.0.0 Completed: 2 succeeded, 0 failed");
  expect(stdout).toContain("after 2.0.0: 0:2.0.0:latest:HealthState/healthy 1:2.0.0:latest:HealthState/healthy; serving v2 v2");
  expect(stdout).toContain("rolling upgrade to 3.0.0 Faulted: 0 succeeded, 1 failed (MaxUnhealthyUpgradedInstancePercentExceededInRollingUpgrade)");
  expect(stdout).toContain("after 3.0.0: 0:2.0.0:old:HealthState/healthy 1:2.0.0:old:HealthState/healthy; serving v2 v2");
  expect(stdout).toContain("scale set deleted");
  expect(stdout).not.toMatch(/after deleting the vm:.*virtualMachines/);
  expect(stdout).toContain("group deleted: true");
  expect(stdout).toContain("workflow done");
});
