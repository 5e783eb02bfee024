// Throttling with AWS's documented token buckets, through the real SDK over HTTP: a burst of
// RunInstances gets RequestLimitExceeded (503) beyond the bucket, tokens come back at 2 per second,
// and the project's SDK clients (adaptive retry) still finish the burst.

import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { afterEach, expect, it } from "vitest";
import { cloudClients } from "../../src/cloud/target.js";
import { startTestSandbox, type TestSandbox } from "../../sandbox/test/helpers.js";
import { putFaults, settle } from "../../sandbox/test/faults/helpers.js";

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function baseImage(ec2: EC2Client): Promise<string> {
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  return images.Images![0]!.ImageId!;
}

it("answers a RunInstances burst beyond the bucket with RequestLimitExceeded 503, refilling at 2 per second", async () => {
  t = await startTestSandbox();
  const imageId = await baseImage(t.ec2);
  expect((await putFaults(t.sandbox.endpoint, { throttle: "aws" })).status).toBe(200);
  // One attempt per call, so every answer the sandbox gives is seen.
  const ec2 = new EC2Client({ endpoint: t.sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, retryMode: "standard", maxAttempts: 1 });
  const burst = await Promise.all(Array.from({ length: 12 }, () => settle(ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 })))));
  const ok = burst.filter((r) => r.ok).length;
  const throttled = burst.flatMap((r) => (r.ok ? [] : [r.error]));
  // The bucket holds 5 requests (a slow burst may see one refilled token).
  expect(ok).toBeGreaterThanOrEqual(5);
  expect(ok).toBeLessThanOrEqual(6);
  expect(throttled).toHaveLength(12 - ok);
  for (const error of throttled) {
    expect(error.name).toBe("RequestLimitExceeded");
    expect(error.$metadata.httpStatusCode).toBe(503);
  }
  // Throttled requests did nothing: only the admitted ones made instances.
  const described = await t.ec2.send(new DescribeInstancesCommand({}));
  expect(described.Reservations!.flatMap((r) => r.Instances!)).toHaveLength(ok);

  // Over 2.5 s, one request every 100 ms: the bucket refills at 2 per second, so about 5 get through.
  const started = Date.now();
  let admitted = 0;
  while (Date.now() - started < 2500) {
    if ((await settle(ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 })))).ok) admitted++;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`RunInstances admitted over 2.5 s after the burst: ${admitted} (documented refill: 2/s)`);
  expect(admitted).toBeGreaterThanOrEqual(4);
  expect(admitted).toBeLessThanOrEqual(6);
  ec2.destroy();
}, 30_000);

it("lets the project's adaptive-retry clients finish a throttled burst", async () => {
  t = await startTestSandbox();
  const imageId = await baseImage(t.ec2);
  await putFaults(t.sandbox.endpoint, { throttle: "aws" });
  const clients = cloudClients({ kind: "sandbox", region: "us-east-1", endpoint: t.sandbox.endpoint });
  const results = await Promise.all(
    Array.from({ length: 9 }, () => clients.ec2().send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 }))),
  );
  expect(results.map((r) => r.Instances!.length)).toEqual(Array(9).fill(1));
  // Some of them had to retry: the burst really was throttled.
  expect(Math.max(...results.map((r) => r.$metadata.attempts ?? 1))).toBeGreaterThan(1);
  clients.ec2().destroy();
}, 60_000);

it("throttles Auto Scaling from one shared bucket with Throttling 400, and stays off by default", async () => {
  t = await startTestSandbox();
  // Off by default: a burst of 60 all succeed.
  const unthrottled = await Promise.all(Array.from({ length: 60 }, () => settle(t!.asg.send(new DescribeAutoScalingGroupsCommand({})))));
  expect(unthrottled.every((r) => r.ok)).toBe(true);

  await putFaults(t.sandbox.endpoint, { throttle: "aws" });
  const burst = await Promise.all(Array.from({ length: 60 }, () => settle(t!.asg.send(new DescribeAutoScalingGroupsCommand({})))));
  const throttled = burst.flatMap((r) => (r.ok ? [] : [r.error]));
  expect(throttled.length).toBeGreaterThanOrEqual(18); // 40 tokens, at most one or two refilled
  expect(throttled[0]!.name).toBe("Throttling");
  expect(throttled[0]!.message).toBe("Rate exceeded");
  expect(throttled[0]!.$metadata.httpStatusCode).toBe(400);
}, 30_000);
