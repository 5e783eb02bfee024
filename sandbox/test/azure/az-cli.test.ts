// A scripted Azure CLI session (sandbox/test/scripts/az-cli-session.sh): Debian's azure-cli, an
// unchanged client with its own MSAL and SDKs, configured only by what `roll sandbox env` exports. It
// also reads a scale set the test made and rolled to a second model (SCALE_SET).

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxEnv } from "../../src/control.js";
import { startTestSandbox, type TestSandbox } from "../helpers.js";
import { envFromExports } from "./azure-helpers.js";
import { armClient } from "./arm-client.js";
import { groupWithNetwork, instanceSummary, latestUpgrade, SCALE_SETS, scaleSetBody, startAppServer, until } from "./scale-set-fixtures.js";

const SCRIPT = fileURLToPath(new URL("../scripts/az-cli-session.sh", import.meta.url));
const run = promisify(execFile);
let t: TestSandbox | undefined;
let app: Awaited<ReturnType<typeof startAppServer>> | undefined;

beforeAll(async () => {
  t = await startTestSandbox();
  app = await startAppServer();
});
afterAll(async () => {
  app?.close();
  await t?.close();
});

/** A Rolling scale set of two, healthy, then rolled to a second model. */
async function rolledScaleSet(exports: string): Promise<string> {
  const arm = await armClient(exports);
  const subnetId = await groupWithNetwork(arm, "rg-vmss");
  const path = arm.path("rg-vmss", `${SCALE_SETS}/web`);
  const body = scaleSetBody({ subnetId, port: app!.port, rolling: { maxBatchInstancePercent: 50, maxUnhealthyInstancePercent: 50, pauseTimeBetweenBatches: "PT2S" } });
  const created = await arm.call("PUT", path, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await until("healthy instances", () => instanceSummary(arm, "rg-vmss", "web"), (s) => s === "0:latest:Succeeded:healthy 1:latest:Succeeded:healthy");
  const changed = await arm.call("PATCH", path, { properties: { virtualMachineProfile: { extensionProfile: { extensions: [{ name: "health", properties: { publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux", typeHandlerVersion: "2.0", settings: { protocol: "http", port: app!.port, requestPath: "/health", numberOfProbes: 2 } } }] } } } });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  await until("the rolling upgrade", () => latestUpgrade(arm, "rg-vmss", "web"), (u) => u.properties?.runningStatus?.code !== "RollingForward");
  return "rg-vmss/web";
}

it("runs the az session: login from the prepared config, groups, gallery, marketplace, vnet, resources, delete as LRO, a rolled scale set", { timeout: 420_000 }, async () => {
  const exports = sandboxEnv({ ...t!.sandbox, dataDir: t!.dataDir });
  const env = envFromExports(exports);
  const scaleSet = await rolledScaleSet(exports);
  const { stdout } = await run("sh", [SCRIPT], {
    cwd: t!.dataDir,
    env: { PATH: "/usr/bin:/bin", HOME: t!.dataDir, ...env, SESSION: "t1", SCALE_SET: scaleSet },
    timeout: 410_000,
  });
  expect(stdout).toContain("RollSandbox\tservicePrincipal");
  expect(stdout).toMatch(/^Succeeded$/m);
  expect(stdout).toContain("shown: rg-t1 eastus t1");
  expect(stdout).toContain("missing group error: ResourceGroupNotFound");
  expect(stdout).toContain("definitions: app Generalized roll");
  expect(stdout).toMatch(/ubuntu versions: 22\.04\.\d{9}/);
  expect(stdout).toContain("resources: Microsoft.Compute/galleries Microsoft.Compute/galleries/images Microsoft.Network/virtualNetworks");
  expect(stdout).toContain("exists after delete: false");
  expect(stdout).toContain("scale set: web Rolling 2 Succeeded");
  expect(stdout).toContain("instances: 0:true:Succeeded 1:true:Succeeded");
  expect(stdout).toContain("rolling upgrade: Completed 2 0 PT2S");
  expect(stdout).toContain("session t1 done");
});
