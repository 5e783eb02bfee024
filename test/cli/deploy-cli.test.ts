// The README's commands, run as a user runs them: the real CLI, its exit codes and its NDJSON.

import { DescribeImagesCommand, DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetVersions, leftovers } from "../e2e/helpers.js";
import { cliEnvironment, clientsFor, ndjson, runCli, startCli } from "./cli-helpers.js";

let env: NodeJS.ProcessEnv;
let sandboxDir: string;

beforeAll(async () => {
  ({ env, sandboxDir } = await cliEnvironment());
});
afterAll(async () => {
  if (env) await runCli(["sandbox", "down"], env);
});

async function statusOf() {
  const status = await runCli(["status", "demo", "--json"], env);
  expect(status.code).toBe(0);
  return JSON.parse(status.stdout) as { live: string; instances: { id: string; ip: string; version: string; lifecycle: string; health: string }[] };
}

async function countImagesAndInstances() {
  const clients = clientsFor(sandboxDir);
  const images = await clients.ec2().send(new DescribeImagesCommand({ Owners: ["self"] }));
  const instances = await clients.ec2().send(new DescribeInstancesCommand({}));
  return { images: images.Images?.length ?? 0, instances: (instances.Reservations ?? []).flatMap((r) => r.Instances ?? []).length };
}

describe("roll CLI on the sandbox", () => {
  it("deploy --json: NDJSON events, the result last, exit 0, every instance answers 1", async () => {
    const run = await runCli(["deploy", "demo", "--var", "version=1", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const events = ndjson(run.stdout);
    const result = events.at(-1)!;
    expect(result).toMatchObject({ type: "result", app: "demo", outcome: "deployed", version: "v1", live: "v1" });
    expect(events.every((event) => typeof event.time === "string")).toBe(true);
    const status = await statusOf();
    expect(status.live).toBe("v1");
    expect(status.instances).toHaveLength(4);
    expect(status.instances.every((i) => i.version === "v1" && i.lifecycle === "InService" && i.health === "Healthy")).toBe(true);
    const answers = await fleetVersions(clientsFor(sandboxDir), status.instances.map((i) => i.id));
    expect(Object.values(answers)).toEqual(["1", "1", "1", "1"]);
  }, 240_000);

  it("bad input exits 2 naming the problem and changes nothing in the cloud", async () => {
    const before = await countImagesAndInstances();
    const run = await runCli(["deploy", "demo", "--var", "colour=blue"], env);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain("colour");
    const missing = await runCli(["deploy", "nosuchapp"], env);
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).toContain('no app named "nosuchapp"');
    expect(await countImagesAndInstances()).toEqual(before);
  }, 120_000);

  it("two concurrent deploys: exactly one runs, the other exits 3 naming the lock holder", async () => {
    const first = startCli(["deploy", "demo", "--var", "version=2", "--json"], env);
    // Let the first one take the lock before the second starts.
    await new Promise<void>((resolve) => first.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes('"phase":"lock"') && resolve()));
    const second = await runCli(["deploy", "demo", "--var", "version=2", "--json"], env);
    const firstResult = await first.result;
    expect(firstResult.code, firstResult.stderr).toBe(0);
    expect(second.code).toBe(3);
    const refusal = ndjson(second.stdout).at(-1)!;
    expect(refusal).toMatchObject({ type: "result", outcome: "failed" });
    expect(String(refusal.reason)).toContain(`pid ${first.pid}`);
  }, 240_000);

  it("a failing release is rolled back: exit 1, the fleet answers 2, history says rolled-back", async () => {
    const run = await runCli(["deploy", "demo", "--var", "version=3", "--var", "healthy=false", "--json"], env);
    expect(run.code).toBe(1);
    expect(ndjson(run.stdout).at(-1)).toMatchObject({ outcome: "rolled-back", version: "v3", live: "v2" });
    const status = await statusOf();
    const answers = await fleetVersions(clientsFor(sandboxDir), status.instances.map((i) => i.id));
    expect(Object.values(answers)).toEqual(["2", "2", "2", "2"]);
    const history = JSON.parse((await runCli(["history", "demo", "--json"], env)).stdout) as { history: { version: string; outcome: string }[] };
    expect(history.history.at(-1)).toMatchObject({ version: "v3", outcome: "rolled-back" });
    expect(await leftovers(clientsFor(sandboxDir))).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 240_000);

  it("Ctrl-C during a bake exits 130 and leaves nothing behind", async () => {
    const run = startCli(["deploy", "demo", "--var", "version=4", "--json"], env);
    await new Promise<void>((resolve) =>
      run.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes('"kind":"instance"') && resolve()),
    );
    run.kill("SIGINT");
    const result = await run.result;
    expect(result.code).toBe(130);
    expect(ndjson(result.stdout).at(-1)).toMatchObject({ type: "result", outcome: "cancelled" });
    expect(await leftovers(clientsFor(sandboxDir))).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
    expect((await statusOf()).live).toBe("v2");
  }, 240_000);

  it("rollback --to v1: every instance answers 1", async () => {
    const run = await runCli(["rollback", "demo", "--to", "v1", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const status = await statusOf();
    expect(status.live).toBe("v1");
    const answers = await fleetVersions(clientsFor(sandboxDir), status.instances.map((i) => i.id));
    expect(Object.values(answers)).toEqual(["1", "1", "1", "1"]);
  }, 240_000);
});
