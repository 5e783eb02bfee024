// An unchanged amazon-ebs build, run by Debian's Packer (1.6.6, amazon builder built in, Go's AWS SDK
// and x/crypto/ssh) against the sandbox, completes: it finds the base image by filter, makes its
// temporary key pair and security group, launches, logs in over SSH as `ubuntu`, provisions with an
// execute_command that uses sudo, stops, images, tags, and cleans up (instance, volumes, group, key).
// Afterwards nothing but the image and its snapshot is left. The template only gets the endpoint, as
// a user variable; credentials are the sandbox's (`roll sandbox env`).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DescribeImagesCommand, DescribeInstancesCommand, DescribeKeyPairsCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime } from "../../src/runtime/index.js";
import { startTestSandbox, type TestSandbox } from "../helpers.js";
import { runProgram } from "../clients/client-programs.js";

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), "amazon-ebs.json");
let t: TestSandbox;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), "roll-packer-"));
  t = await startTestSandbox({ runtime: (dataDir) => createRuntime({ dataDir }) });
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

it("builds an AMI with an unchanged amazon-ebs template and leaves nothing else behind", async () => {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: "roll-sandbox",
    AWS_SECRET_ACCESS_KEY: "roll-sandbox",
    AWS_EC2_METADATA_DISABLED: "true",
    // No telemetry calls home; Packer's own waiter settings (environment, not template) poll every second.
    CHECKPOINT_DISABLE: "1",
    AWS_POLL_DELAY_SECONDS: "1",
    PACKER_NO_COLOR: "1",
  };
  const build = await runProgram("packer", ["build", "-machine-readable", "-var", `ec2_endpoint=${t.sandbox.endpoint}`, TEMPLATE], env, 240_000);
  const ui = build.stdout.split("\n").filter((l) => /,ui,(say|message|error),/.test(l)).map((l) => l.split(",").slice(4).join(","));
  expect({ code: build.code, errors: ui.filter((l) => l.includes("rror")) }).toEqual({ code: 0, errors: [] });
  expect(ui).toContain("    amazon-ebs: built by packer as root via sudo");
  const amiId = /artifact,0,id,us-east-1:(ami-[0-9a-f]+)/.exec(build.stdout)?.[1];
  expect(amiId).toMatch(/^ami-/);

  const image = (await t.ec2.send(new DescribeImagesCommand({ ImageIds: [amiId!] }))).Images![0]!;
  expect(image.Tags).toEqual([{ Key: "built-by", Value: "packer" }]);
  const instances = (await t.ec2.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((r) => r.Instances!);
  expect(instances.filter((i) => i.State!.Name !== "terminated").map((i) => i.InstanceId)).toEqual([]);
  expect((await t.ec2.send(new DescribeVolumesCommand({}))).Volumes).toEqual([]);
  expect((await t.ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs!.map((k) => k.KeyName)).toEqual([]);
  expect((await t.ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!.map((g) => g.GroupName).filter((name) => name !== "default")).toEqual([]);
}, 300_000);
