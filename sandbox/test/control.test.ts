// The sandbox daemon through control.ts: up (detached), status, env, down, reset.

import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { afterAll, expect, it } from "vitest";
import { defaultSandboxDir, sandboxDown, sandboxEnv, sandboxReset, sandboxStatus, sandboxUp } from "../src/control.js";
import { clientsFor, randomIpPrefix } from "./helpers.js";

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) {
    await sandboxDown(dataDir).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
});

it("starts the daemon in the background, reports it, and stops it", async () => {
  dataDir = await mkdtemp(join(tmpdir(), "roll-sandbox-control-"));
  expect(await sandboxStatus(dataDir)).toBeUndefined();
  const info = await sandboxUp({ dataDir, port: 0, ipPrefix: randomIpPrefix() });
  expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(info.region).toBe("us-east-1");
  expect(existsSync(join(dataDir, "sandbox.json"))).toBe(true);

  const { ec2 } = clientsFor(info.endpoint);
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  expect(images.Images![0]!.Name).toBe("sandbox-linux-base-2026.11.0-x86_64");
  ec2.destroy();

  const again = await sandboxUp({ dataDir });
  expect(again.pid).toBe(info.pid);
  const status = await sandboxStatus(dataDir);
  expect(status).toMatchObject({ running: true, pid: info.pid, endpoint: info.endpoint, sshPort: 22 });
  expect(status!.instances.total).toBe(0);

  const env = sandboxEnv(info);
  expect(env).toContain(`export AWS_ENDPOINT_URL=${info.endpoint}\n`);
  expect(env).toContain(`export AWS_ENDPOINT_URL_EC2=${info.endpoint}\n`);
  expect(env).toContain(`export AWS_ENDPOINT_URL_AUTO_SCALING=${info.endpoint}\n`);
  expect(env).toContain("export AWS_ACCESS_KEY_ID=roll-sandbox\n");
  expect(env).toContain("export AWS_REGION=us-east-1\n");
  expect(env).toContain("export AWS_EC2_METADATA_DISABLED=true\n");

  await sandboxDown(dataDir);
  expect(existsSync(join(dataDir, "sandbox.json"))).toBe(false);
  expect(() => process.kill(info.pid, 0)).toThrow();
  expect(existsSync(join(dataDir, "state.json"))).toBe(true);

  await sandboxReset(dataDir);
  expect(existsSync(dataDir)).toBe(false);
}, 120_000);

it("defaults its folder to $ROLL_SANDBOX_DIR or ~/.roll/sandbox", () => {
  const saved = process.env.ROLL_SANDBOX_DIR;
  try {
    process.env.ROLL_SANDBOX_DIR = "/tmp/some-sandbox";
    expect(defaultSandboxDir()).toBe("/tmp/some-sandbox");
    delete process.env.ROLL_SANDBOX_DIR;
    expect(defaultSandboxDir()).toMatch(/\.roll\/sandbox$/);
  } finally {
    if (saved === undefined) delete process.env.ROLL_SANDBOX_DIR;
    else process.env.ROLL_SANDBOX_DIR = saved;
  }
});
