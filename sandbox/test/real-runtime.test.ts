// The sandbox with its real instance runtime: an instance is a confined process with its own loopback
// address whose SSH server accepts the key pair's key; an image made from it carries its files.

import { sshExec } from "./ssh-exec.js";
import {
  CreateImageCommand,
  CreateKeyPairCommand,
  DescribeImagesCommand,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  waitUntilImageAvailable,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers.js";
import { createRuntime } from "../src/runtime/index.js";

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({
    runtime: (dataDir) => createRuntime({ dataDir }),
    timing: { instancePendingMs: 50, imagePendingMs: 100 },
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ssh = sshExec;

const waiter = () => ({ client: t.ec2, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.5 });

it("boots an instance reachable over SSH with the created key and bakes an image that keeps its files", async () => {
  const key = await t.ec2.send(new CreateKeyPairCommand({ KeyName: "real", KeyType: "ed25519" }));
  const base = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  const userData = Buffer.from("#!/bin/sh\necho baked-by-user-data > /tmp/user-data-ran\n").toString("base64");
  const run = await t.ec2.send(new RunInstancesCommand({ ImageId: base.Images![0]!.ImageId!, MinCount: 1, MaxCount: 1, KeyName: "real", UserData: userData }));
  const instance = run.Instances![0]!;
  await waitUntilInstanceRunning(waiter(), { InstanceIds: [instance.InstanceId!] });

  const hostname = await ssh(instance.PrivateIpAddress!, key.KeyMaterial!, "hostname; echo hello-from-$(id -un); echo marker > /home/ec2-user/marker 2>/dev/null || echo marker > ~/marker");
  expect(hostname).toContain(`ip-${instance.PrivateIpAddress!.replaceAll(".", "-")}`);
  expect(hostname).toContain("hello-from-");
  const console = await t.ec2.send(new GetConsoleOutputCommand({ InstanceId: instance.InstanceId! }));
  expect(Buffer.from(console.Output!, "base64").toString()).toMatch(/SHA256:/);

  await t.ec2.send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
  await waitUntilInstanceStopped(waiter(), { InstanceIds: [instance.InstanceId!] });
  const image = await t.ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: "real-runtime-image" }));
  await waitUntilImageAvailable(waiter(), { ImageIds: [image.ImageId!] });

  const second = await t.ec2.send(new RunInstancesCommand({ ImageId: image.ImageId!, MinCount: 1, MaxCount: 1, KeyName: "real" }));
  const next = second.Instances![0]!;
  await waitUntilInstanceRunning(waiter(), { InstanceIds: [next.InstanceId!] });
  const files = await ssh(next.PrivateIpAddress!, key.KeyMaterial!, "cat ~/marker /tmp/user-data-ran 2>&1; true");
  expect(files).toContain("marker");

  await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!, next.InstanceId!] }));
  await waitUntilInstanceTerminated(waiter(), { InstanceIds: [instance.InstanceId!, next.InstanceId!] });
}, 120_000);
