// State survives a restart: resources come back, running instances boot again, stopped ones stay stopped.

import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, waitUntilGroupInService } from "@aws-sdk/client-auto-scaling";
import {
  CreateKeyPairCommand,
  CreateLaunchTemplateCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
} from "@aws-sdk/client-ec2";
import { afterAll, expect, it } from "vitest";
import { eventually, randomIpPrefix, startTestSandbox } from "./helpers.js";

let dataDir: string;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("reloads state.json on start and reboots the instances that were running", async () => {
  dataDir = await mkdtemp(join(tmpdir(), "roll-sandbox-persist-"));
  const ipPrefix = randomIpPrefix();
  const first = await startTestSandbox({ dataDir, ipPrefix });
  const waiter = { client: first.ec2, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 };
  const base = await first.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  const imageId = base.Images![0]!.ImageId!;
  await first.ec2.send(new CreateKeyPairCommand({ KeyName: "kept" }));
  const run = await first.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 2, MaxCount: 2, KeyName: "kept" }));
  const [keepRunning, stopIt] = run.Instances!.map((i) => i.InstanceId!);
  await waitUntilInstanceRunning(waiter, { InstanceIds: [keepRunning!, stopIt!] });
  await first.ec2.send(new StopInstancesCommand({ InstanceIds: [stopIt!] }));
  await waitUntilInstanceStopped(waiter, { InstanceIds: [stopIt!] });
  const lt = await first.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "persist", LaunchTemplateData: { ImageId: imageId } }));
  await first.asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "persist", MinSize: 2, MaxSize: 2, AvailabilityZones: ["us-east-1a"], LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId!, Version: "1" } }));
  await waitUntilGroupInService({ client: first.asg, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 }, { AutoScalingGroupNames: ["persist"] });
  const groupBefore = (await first.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["persist"] }))).AutoScalingGroups![0]!;
  await first.close();

  // Written atomically, and never with private key material.
  const saved = readFileSync(join(dataDir, "state.json"), "utf8");
  expect(saved).not.toContain("PRIVATE KEY");
  expect(existsSync(join(dataDir, "state.json.tmp"))).toBe(false);

  const second = await startTestSandbox({ dataDir, ipPrefix });
  try {
    const after = await second.ec2.send(new DescribeInstancesCommand({ InstanceIds: [keepRunning!, stopIt!] }));
    const states = Object.fromEntries(after.Reservations!.flatMap((r) => r.Instances!).map((i) => [i.InstanceId, i.State!.Name]));
    expect(states[stopIt!]).toBe("stopped");
    expect(["pending", "running"]).toContain(states[keepRunning!]);
    await waitUntilInstanceRunning({ ...waiter, client: second.ec2 }, { InstanceIds: [keepRunning!] });
    expect(second.fake.boots.map((b) => b.instanceId)).toContain(keepRunning);
    expect(second.fake.boots.map((b) => b.instanceId)).not.toContain(stopIt);
    const keys = await second.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ["kept"] }));
    expect(keys.KeyPairs).toHaveLength(1);
    const group = await eventually(async () => {
      const g = (await second.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["persist"] }))).AutoScalingGroups![0]!;
      return g.Instances!.every((i) => i.LifecycleState === "InService") && g;
    });
    expect(group.Instances!.map((i) => i.InstanceId).sort()).toEqual(groupBefore.Instances!.map((i) => i.InstanceId).sort());
    // New addresses do not collide with the old ones.
    const more = await second.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 }));
    const used = after.Reservations!.flatMap((r) => r.Instances!).map((i) => i.PrivateIpAddress);
    expect(used).not.toContain(more.Instances![0]!.PrivateIpAddress);
  } finally {
    await second.close();
  }
});
