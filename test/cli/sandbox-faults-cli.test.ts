// The fault flags, status, faults and publish-base commands through the real CLI (bin/roll.js) and
// its background daemon; faults survive status calls, state (a published base) survives down/up.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { rm } from "node:fs/promises";
import { afterAll, expect, it } from "vitest";
import { cliEnvironment, clientsFor, runCli } from "./cli-helpers.js";

let env: NodeJS.ProcessEnv | undefined;
let dirs: string[] = [];
afterAll(async () => {
  if (env) await runCli(["sandbox", "down"], env);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

it("starts with faults, reports and changes them, publishes a base that survives down/up", async () => {
  const made = await cliEnvironment();
  env = made.env;
  dirs = [made.sandboxDir, made.stateDir];

  const bad = await runCli(["sandbox", "up", "--error-rate", "2"], env);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--error-rate *: "2" is not a rate');

  const up = await runCli(["sandbox", "up", "--throttle", "aws", "--latency", "5ms", "--ssh-refuse", "2s"], env);
  expect(up.code, up.stderr).toBe(0);
  const status = JSON.parse((await runCli(["sandbox", "status", "--json"], env)).stdout) as Record<string, unknown>;
  expect(status).toMatchObject({ running: true, sshPort: 22, faults: { throttle: "aws", latencyMs: { "*": 5 }, sshRefuseMs: 2000, errorRate: {} } });
  expect(status.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const changed = await runCli(["sandbox", "faults", "--error-rate", "RunInstances=0.5", "--json"], env);
  expect(JSON.parse(changed.stdout)).toMatchObject({ throttle: "aws", errorRate: { RunInstances: 0.5 }, sshRefuseMs: 2000 });
  const again = JSON.parse((await runCli(["sandbox", "status", "--json"], env)).stdout) as { faults: unknown };
  expect(again.faults).toMatchObject({ throttle: "aws", errorRate: { RunInstances: 0.5 } });

  const published = JSON.parse((await runCli(["sandbox", "publish-base", "--json"], env)).stdout) as { name: string };
  expect(published.name).toMatch(/^sandbox-linux-base-/);

  expect((await runCli(["sandbox", "down"], env)).code).toBe(0);
  expect((await runCli(["sandbox", "up"], env)).code).toBe(0);
  const images = await clientsFor(made.sandboxDir).ec2().send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  expect(images.Images!.map((i) => i.Name)).toContain(published.name);
  const fresh = JSON.parse((await runCli(["sandbox", "faults", "--json"], env)).stdout) as { throttle: string };
  expect(fresh.throttle).toBe("off"); // faults belong to a run, not to the state
}, 180_000);
