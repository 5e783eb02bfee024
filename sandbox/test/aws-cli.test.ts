// An independent client: Debian's AWS CLI v2 (its own botocore) against the sandbox.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers.js";

const AWS = "/usr/bin/aws";
const run = promisify(execFile);
let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

async function aws(...args: string[]): Promise<unknown> {
  const { stdout } = await run(AWS, ["--endpoint-url", t.sandbox.endpoint, "--region", "us-east-1", "--output", "json", ...args], {
    env: { PATH: "/usr/bin:/bin", HOME: t.dataDir, AWS_ACCESS_KEY_ID: "roll-sandbox", AWS_SECRET_ACCESS_KEY: "roll-sandbox", AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" },
    timeout: 30_000,
  });
  return JSON.parse(stdout);
}

// The CLI comes from Debian's awscli package; without it this one check cannot run.
it.skipIf(!existsSync(AWS))("works with the AWS CLI (describe-images, run-instances, groups)", async () => {
  const images = (await aws("ec2", "describe-images", "--owners", "amazon", "--filters", "Name=name,Values=sandbox-linux-base-*")) as { Images: { ImageId: string; Name: string; CreationDate: string }[] };
  expect(images.Images).toHaveLength(1);
  expect(images.Images[0]!.Name).toBe("sandbox-linux-base-2026.11.0-x86_64");
  const ran = (await aws("ec2", "run-instances", "--image-id", images.Images[0]!.ImageId, "--count", "1", "--tag-specifications", "ResourceType=instance,Tags=[{Key=cli,Value=yes}]")) as { Instances: { InstanceId: string; State: { Name: string } }[] };
  expect(ran.Instances[0]!.State.Name).toBe("pending");
  const described = (await aws("ec2", "describe-instances", "--filters", "Name=tag:cli,Values=yes")) as { Reservations: { Instances: { InstanceId: string }[] }[] };
  expect(described.Reservations[0]!.Instances[0]!.InstanceId).toBe(ran.Instances[0]!.InstanceId);
  const groups = (await aws("autoscaling", "describe-auto-scaling-groups")) as { AutoScalingGroups: unknown[] };
  expect(groups.AutoScalingGroups).toEqual([]);
  const failure = await aws("ec2", "describe-images", "--image-ids", "ami-0123456789abcdef0").then(() => undefined, (e: { stderr: string }) => e.stderr);
  expect(failure).toContain("InvalidAMIID.NotFound");
});
