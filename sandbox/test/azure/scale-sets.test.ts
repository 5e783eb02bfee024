// Scale sets over ARM on the fake runtime (instances' apps answered by the test's own web server, so
// health is under the test's control): bad policies refused with the field named, Manual mode and
// manualUpgrade, maxSurge with unhealthy instances first, boot failures and 429 throttling from the
// fault spec, and everything still there after a sandbox restart.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxEnv } from "../../src/control.js";
import { putFaults } from "../faults/helpers.js";
import { startTestSandbox, type TestSandbox } from "../helpers.js";
import { armClient, type ArmClient } from "./arm-client.js";
import { groupWithNetwork, instanceSummary, latestUpgrade, SCALE_SETS, scaleSetBody, startAppServer, until } from "./scale-set-fixtures.js";

let dataDir: string;
let t: TestSandbox | undefined;
let arm: ArmClient;
let subnetId: string;
let app: Awaited<ReturnType<typeof startAppServer>>;
const ipPrefix = `127.${200 + Math.floor(Math.random() * 50)}`;

async function start(): Promise<void> {
  t = await startTestSandbox({ dataDir, ipPrefix });
  arm = await armClient(sandboxEnv({ ...t.sandbox, dataDir }));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "roll-azure-vmss-"));
  app = await startAppServer();
  await start();
  subnetId = await groupWithNetwork(arm, "rg");
});
afterAll(async () => {
  app?.close();
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const path = (name: string, rest = "") => arm.path("rg", `${SCALE_SETS}/${name}${rest}`);

async function ipsOf(name: string): Promise<Record<string, string>> {
  const nics = await arm.call("GET", path(name, "/networkInterfaces"), undefined, "2023-09-01");
  return Object.fromEntries((nics.body.value as any[]).map((n) => [n.properties.virtualMachine.id.split("/").pop(), n.properties.ipConfigurations[0].properties.privateIPAddress]));
}

it("refuses bad upgrade policies with the property named, and creates nothing", async () => {
  const tooSmall = await arm.call("PUT", path("bad"), scaleSetBody({ subnetId, port: app.port, rolling: { maxBatchInstancePercent: 3 } }));
  expect(tooSmall.status).toBe(400);
  expect(tooSmall.body.error).toMatchObject({ code: "InvalidParameter", target: "upgradePolicy.rollingUpgradePolicy.maxBatchInstancePercent" });
  const pause = await arm.call("PUT", path("bad"), scaleSetBody({ subnetId, port: app.port, rolling: { pauseTimeBetweenBatches: "5 seconds" } }));
  expect(pause.body.error).toMatchObject({ code: "InvalidParameter", target: "upgradePolicy.rollingUpgradePolicy.pauseTimeBetweenBatches" });
  const noHealth = scaleSetBody({ subnetId, port: app.port }) as any;
  delete noHealth.properties.virtualMachineProfile.extensionProfile;
  const rollingBlind = await arm.call("PUT", path("bad"), noHealth);
  expect(rollingBlind.status).toBe(400);
  expect(rollingBlind.body.error.message).toContain("health probe or health extension");
  expect((await arm.call("GET", path("bad"))).status).toBe(404);
});

it("Manual mode: a model change leaves instances on the old model until manualUpgrade names them", async () => {
  const created = await arm.call("PUT", path("manual"), scaleSetBody({ subnetId, port: app.port, mode: "Manual" }));
  expect(created.status).toBe(201);
  expect(created.headers["azure-asyncoperation"]).toBeTruthy();
  await until("provisioned", async () => (await arm.call("GET", path("manual"))).body.properties.provisioningState, (s) => s === "Succeeded");
  const patched = await arm.call("PATCH", path("manual"), { properties: { virtualMachineProfile: { storageProfile: { imageReference: { version: (await arm.call("GET", path("manual", "/virtualMachines/0"))).body.properties.storageProfile.imageReference.exactVersion } } } } });
  expect(patched.status).toBe(200);
  await until("the update", async () => (await arm.call("GET", path("manual"))).body.properties.provisioningState, (s) => s === "Succeeded");
  expect(await instanceSummary(arm, "rg", "manual")).toMatch(/^0:old:Succeeded:\w+ 1:old:Succeeded:\w+$/);
  expect((await arm.call("GET", path("manual", "/rollingUpgrades/latest"))).status).toBe(404);
  const upgrade = await arm.call("POST", path("manual", "/manualUpgrade"), { instanceIds: ["0"] });
  expect(upgrade.status).toBe(202);
  expect(upgrade.headers.location).toBeTruthy();
  await until("the manual upgrade", async () => (await arm.call("GET", String(upgrade.headers["azure-asyncoperation"]))).body.status, (s) => s === "Succeeded");
  expect(await instanceSummary(arm, "rg", "manual")).toMatch(/^0:latest:Succeeded:\w+ 1:old:Succeeded:\w+$/);
  const missing = await arm.call("POST", path("manual", "/manualUpgrade"), { instanceIds: ["7"] });
  expect(missing.body.error.code).toBe("InvalidParameter");
});

it("maxSurge with prioritizeUnhealthyInstances: the unhealthy instance is replaced first by new instances", async () => {
  const body = scaleSetBody({ subnetId, port: app.port, capacity: 3, rolling: { maxBatchInstancePercent: 34, maxUnhealthyInstancePercent: 50, maxSurge: true, prioritizeUnhealthyInstances: true }, health: { intervalInSeconds: 5, gracePeriod: 5 } });
  expect((await arm.call("PUT", path("surge"), body)).status).toBe(201);
  await until("healthy", () => instanceSummary(arm, "rg", "surge"), (s) => s === "0:latest:Succeeded:healthy 1:latest:Succeeded:healthy 2:latest:Succeeded:healthy");
  const ips = await ipsOf("surge");
  app.failing.add(ips["2"]!);
  await until("instance 2 unhealthy", () => instanceSummary(arm, "rg", "surge"), (s) => s.endsWith("2:latest:Succeeded:unhealthy"));
  const settings = { protocol: "http", port: app.port, requestPath: "/health", intervalInSeconds: 6, gracePeriod: 5 };
  await arm.call("PATCH", path("surge"), { properties: { virtualMachineProfile: { extensionProfile: { extensions: [{ name: "health", properties: { publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux", settings } }] } } } });
  const done = await until("the rolling upgrade", () => latestUpgrade(arm, "rg", "surge"), (u) => u.properties.runningStatus.code !== "RollingForward");
  expect(done.properties.runningStatus.code).toBe("Completed");
  expect(done.properties.progress).toMatchObject({ successfulInstanceCount: 3, failedInstanceCount: 0 });
  // New instances (3, 4, 5) replaced the old ones, the unhealthy one (2) first: 3 took its place.
  await until("old instances gone", () => instanceSummary(arm, "rg", "surge"), (s) => s === "3:latest:Succeeded:healthy 4:latest:Succeeded:healthy 5:latest:Succeeded:healthy");
  const vm3 = await arm.call("GET", path("surge", "/virtualMachines/3"));
  expect(vm3.body.properties.osProfile.computerName).toBe("web000003");
});

it("boot failures from the fault spec fail the scale set's provisioning; throttling answers 429 with Retry-After", async () => {
  await putFaults(t!.sandbox.endpoint, { bootFailureRate: 1 });
  expect((await arm.call("PUT", path("doomed"), scaleSetBody({ subnetId, port: app.port, capacity: 1, mode: "Manual" }))).status).toBe(201);
  const failed = await until("failed provisioning", async () => (await arm.call("GET", path("doomed"))).body.properties.provisioningState, (s) => s !== "Creating");
  expect(failed).toBe("Failed");
  const view = await arm.call("GET", path("doomed", "/virtualMachines/0/instanceView"));
  expect(view.body.statuses.map((s: any) => s.code)).toContain("ProvisioningState/failed");
  await putFaults(t!.sandbox.endpoint, { throttle: "aws" });
  // ARM's read bucket holds 250 tokens: 300 reads at once overdraw it.
  const answers = await Promise.all(Array.from({ length: 300 }, () => arm.call("GET", path("doomed"))));
  const throttled = answers.find((a) => a.status === 429);
  expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(250);
  expect(throttled?.body.error.code).toBe("TooManyRequests");
  expect(Number(throttled?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  await putFaults(t!.sandbox.endpoint, {});
  expect((await arm.call("GET", path("doomed"))).status).toBe(200);
});

it("keeps scale sets, instances and the latest rolling upgrade across a sandbox restart", async () => {
  const before = await instanceSummary(arm, "rg", "surge");
  const upgrade = await latestUpgrade(arm, "rg", "surge");
  await t!.close();
  await start();
  // Health is probed afresh after a restart; which instances exist and on which model is kept.
  const withoutHealth = (s: string) => s.split(" ").map((vm) => vm.split(":").slice(0, 3).join(":")).join(" ");
  expect(withoutHealth(await instanceSummary(arm, "rg", "surge"))).toBe(withoutHealth(before));
  expect((await latestUpgrade(arm, "rg", "surge")).properties).toEqual(upgrade.properties);
  const set = await arm.call("GET", path("surge"));
  expect(set.body.properties.upgradePolicy.rollingUpgradePolicy).toMatchObject({ maxSurge: true, prioritizeUnhealthyInstances: true });
  await until("healthy again", () => instanceSummary(arm, "rg", "surge"), (s) => s === "3:latest:Succeeded:healthy 4:latest:Succeeded:healthy 5:latest:Succeeded:healthy");
});
