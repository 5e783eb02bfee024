// Auto Scaling through the real @aws-sdk/client-auto-scaling over HTTP: capacity, health replacement,
// and instance refreshes (success, rollback, checkpoints, auto rollback, launch-before-terminate, bake).

import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeInstanceRefreshesCommand,
  DescribeLaunchConfigurationsCommand,
  DescribeScalingActivitiesCommand,
  CancelInstanceRefreshCommand,
  DeleteAutoScalingGroupCommand,
  RollbackInstanceRefreshCommand,
  SetDesiredCapacityCommand,
  SetInstanceHealthCommand,
  StartInstanceRefreshCommand,
  UpdateAutoScalingGroupCommand,
  waitUntilGroupInService,
  type InstanceRefresh,
  type StartInstanceRefreshCommandInput,
} from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand, DescribeImagesCommand, DescribeInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAIL_BOOT } from "./fake-runtime.js";
import { eventually, startTestSandbox, type TestSandbox } from "./helpers.js";

let t: TestSandbox;
let imageId: string;

beforeAll(async () => {
  t = await startTestSandbox();
  const images = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  imageId = images.Images![0]!.ImageId!;
});
afterAll(async () => {
  await t?.close();
});

async function expectError(promise: Promise<unknown>, name: string, status = 400): Promise<void> {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as (Error & { $metadata: { httpStatusCode: number } }) | undefined;
  expect(error, `expected ${name}`).toBeDefined();
  expect(error!.name).toBe(name);
  expect(error!.$metadata.httpStatusCode).toBe(status);
}

/** A launch template with `versions` versions (version N has instance type t3.N-ish) and a group of 4 on version 1. */
async function groupWithTemplate(name: string, options: { versions?: number; groupVersion?: string; failingVersions?: number[] } = {}) {
  const lt = await t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: `${name}-lt`, LaunchTemplateData: { ImageId: imageId, InstanceType: "t3.micro" } }));
  const id = lt.LaunchTemplate!.LaunchTemplateId!;
  for (let v = 2; v <= (options.versions ?? 2); v++) {
    const userData = options.failingVersions?.includes(v) ? Buffer.from(`#!/bin/sh\n# ${FAIL_BOOT}\n`).toString("base64") : Buffer.from(`#!/bin/sh\necho v${v}\n`).toString("base64");
    await t.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: "1", LaunchTemplateData: { UserData: userData } }));
  }
  await t.asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateId: id, Version: options.groupVersion ?? "1" },
      MinSize: 4,
      MaxSize: 8,
      DesiredCapacity: 4,
      AvailabilityZones: ["us-east-1a", "us-east-1b"],
      HealthCheckType: "EC2",
      Tags: [{ Key: "app", Value: name, PropagateAtLaunch: true }, { Key: "internal", Value: "x", PropagateAtLaunch: false }],
    }),
  );
  await waitUntilGroupInService({ client: t.asg, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 }, { AutoScalingGroupNames: [name] });
  return id;
}

async function describeGroup(name: string) {
  const out = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return out.AutoScalingGroups![0]!;
}

async function inService(name: string) {
  const group = await describeGroup(name);
  return group.Instances!.filter((i) => i.LifecycleState === "InService" && i.HealthStatus === "Healthy");
}

async function refreshOf(name: string, id: string): Promise<InstanceRefresh> {
  const out = await t.asg.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: name, InstanceRefreshIds: [id] }));
  return out.InstanceRefreshes![0]!;
}

/** Polls a refresh until one of `final` statuses; returns it and every status seen on the way. */
async function followRefresh(name: string, id: string, final: string[], onPoll?: (r: InstanceRefresh) => Promise<void> | void) {
  const seen: string[] = [];
  const reasons: string[] = [];
  const refresh = await eventually(async () => {
    const r = await refreshOf(name, id);
    if (seen[seen.length - 1] !== r.Status) seen.push(r.Status!);
    if (r.StatusReason && !reasons.includes(r.StatusReason)) reasons.push(r.StatusReason);
    await onPoll?.(r);
    return final.includes(r.Status!) && r;
  }, 30_000, `refresh ${id} to reach ${final.join("/")}`);
  return { refresh, seen, reasons };
}

async function startRefresh(input: StartInstanceRefreshCommandInput) {
  const out = await t.asg.send(new StartInstanceRefreshCommand(input));
  return out.InstanceRefreshId!;
}

describe("groups", () => {
  it("keeps a group of 4 at capacity and replaces terminated or unhealthy instances", async () => {
    await groupWithTemplate("capacity");
    const group = await describeGroup("capacity");
    expect(group.Instances).toHaveLength(4);
    expect(group.Instances!.every((i) => i.LaunchTemplate!.Version === "1")).toBe(true);
    expect(new Set(group.Instances!.map((i) => i.AvailabilityZone))).toEqual(new Set(["us-east-1a", "us-east-1b"]));
    const ids = group.Instances!.map((i) => i.InstanceId!);
    const ec2 = await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const tags = ec2.Reservations!.flatMap((r) => r.Instances!)[0]!.Tags!;
    expect(tags).toEqual(expect.arrayContaining([{ Key: "aws:autoscaling:groupName", Value: "capacity" }, { Key: "app", Value: "capacity" }]));
    expect(tags.some((tag) => tag.Key === "internal")).toBe(false);

    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [ids[0]!] }));
    await t.asg.send(new SetInstanceHealthCommand({ InstanceId: ids[1]!, HealthStatus: "Unhealthy", ShouldRespectGracePeriod: false }));
    const replaced = await eventually(async () => {
      const healthy = await inService("capacity");
      const current = healthy.map((i) => i.InstanceId!);
      return healthy.length === 4 && !current.includes(ids[0]!) && !current.includes(ids[1]!) && current;
    }, 20_000, "replacements");
    expect(replaced).toEqual(expect.arrayContaining([ids[2], ids[3]]));

    const activities = await t.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: "capacity" }));
    expect(activities.Activities!.filter((a) => a.Description!.startsWith("Launching")).length).toBeGreaterThanOrEqual(6);
    expect(activities.Activities!.some((a) => a.Description === `Terminating EC2 instance: ${ids[1]}` && a.StatusCode === "Successful")).toBe(true);
    const asgInstances = await t.asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [ids[2]!] }));
    expect(asgInstances.AutoScalingInstances![0]).toMatchObject({ AutoScalingGroupName: "capacity", HealthStatus: "HEALTHY", LifecycleState: "InService" });

    await expectError(t.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "capacity", DesiredCapacity: 9 })), "ValidationError");
    await t.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "capacity", DesiredCapacity: 5 }));
    await eventually(async () => (await inService("capacity")).length === 5, 20_000, "scale out to 5");
    await t.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: "capacity", MinSize: 0, DesiredCapacity: 2 }));
    await eventually(async () => (await describeGroup("capacity")).Instances!.length === 2, 20_000, "scale in to 2");
    await expectError(t.asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: "capacity" })), "ResourceInUseFault");
    await t.asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: "capacity", ForceDelete: true }));
    await eventually(async () => (await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["capacity"] }))).AutoScalingGroups!.length === 0, 20_000, "group deleted");
  });
});

describe("instance refresh", () => {
  it("replaces every instance with the desired launch template version and then moves the group to it", async () => {
    const lt = await groupWithTemplate("forward");
    const id = await startRefresh({
      AutoScalingGroupName: "forward",
      DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: lt, Version: "2" } },
      Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 5, SkipMatching: false },
    });
    await expectError(startRefresh({ AutoScalingGroupName: "forward" }), "InstanceRefreshInProgressFault");
    let minHealthy = 4;
    const { refresh, seen } = await followRefresh("forward", id, ["Successful", "Failed"], async () => {
      minHealthy = Math.min(minHealthy, (await inService("forward")).length);
    });
    expect(refresh.Status).toBe("Successful");
    expect(seen).toContain("InProgress");
    expect(refresh.PercentageComplete).toBe(100);
    expect(refresh.InstancesToUpdate).toBe(0);
    expect(refresh.EndTime).toBeInstanceOf(Date);
    expect(minHealthy).toBeGreaterThanOrEqual(2);
    const group = await describeGroup("forward");
    expect(group.LaunchTemplate!.Version).toBe("2");
    expect(group.Instances).toHaveLength(4);
    expect(group.Instances!.every((i) => i.LaunchTemplate!.Version === "2")).toBe(true);
  });

  it("rolls back with RollbackInstanceRefresh to the group's own launch template version", async () => {
    const lt = await groupWithTemplate("rollback");
    const before = (await describeGroup("rollback")).Instances!.map((i) => i.InstanceId);
    const id = await startRefresh({
      AutoScalingGroupName: "rollback",
      DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: lt, Version: "2" } },
      Preferences: { MinHealthyPercentage: 75, InstanceWarmup: 20 },
    });
    // Wait until at least one instance runs the new version, then roll back.
    await eventually(async () => (await describeGroup("rollback")).Instances!.some((i) => i.LaunchTemplate!.Version === "2" && i.LifecycleState === "InService"), 20_000, "a new instance");
    const rolled = await t.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: "rollback" }));
    expect(rolled.InstanceRefreshId).toBe(id);
    const { refresh, seen } = await followRefresh("rollback", id, ["RollbackSuccessful", "RollbackFailed"]);
    expect(seen).toContain("RollbackInProgress");
    expect(refresh.Status).toBe("RollbackSuccessful");
    expect(refresh.RollbackDetails!.RollbackReason).toBeTruthy();
    expect(refresh.RollbackDetails!.RollbackStartTime).toBeInstanceOf(Date);
    const group = await describeGroup("rollback");
    expect(group.LaunchTemplate!.Version).toBe("1");
    expect(group.Instances).toHaveLength(4);
    expect(group.Instances!.every((i) => i.LaunchTemplate!.Version === "1" && i.LifecycleState === "InService")).toBe(true);
    // Some of the original instances were replaced, then rolled back to new instances of version 1.
    expect(group.Instances!.map((i) => i.InstanceId)).not.toEqual(before);
    await expectError(t.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: "rollback" })), "ActiveInstanceRefreshNotFoundFault");
  });

  it("pauses at a checkpoint for the checkpoint delay", async () => {
    const lt = await groupWithTemplate("checkpoint");
    const id = await startRefresh({
      AutoScalingGroupName: "checkpoint",
      DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: lt, Version: "2" } },
      Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 1, CheckpointPercentages: [50, 100], CheckpointDelay: 100 },
    });
    const paused = await eventually(async () => {
      const r = await refreshOf("checkpoint", id);
      return r.Status === "InProgress" && r.StatusReason?.includes("checkpoint") && r;
    }, 20_000, "the checkpoint pause");
    expect(paused.PercentageComplete).toBe(50);
    expect(paused.Preferences!.CheckpointPercentages).toEqual([50, 100]);
    const during = await describeGroup("checkpoint");
    expect(during.Instances!.filter((i) => i.LaunchTemplate!.Version === "2")).toHaveLength(2);
    // Still paused a little later (the delay is 100 API seconds = 1 s here).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await describeGroup("checkpoint")).Instances!.filter((i) => i.LaunchTemplate!.Version === "2")).toHaveLength(2);
    const { refresh } = await followRefresh("checkpoint", id, ["Successful", "Failed"]);
    expect(refresh.Status).toBe("Successful");
    expect((await describeGroup("checkpoint")).Instances!.every((i) => i.LaunchTemplate!.Version === "2")).toBe(true);
  });

  it("rolls back automatically when new instances keep failing to launch", async () => {
    const lt = await groupWithTemplate("autorollback", { versions: 2, failingVersions: [2] });
    const id = await startRefresh({
      AutoScalingGroupName: "autorollback",
      DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: lt, Version: "2" } },
      Preferences: { MinHealthyPercentage: 75, AutoRollback: true },
    });
    const { refresh, seen } = await followRefresh("autorollback", id, ["RollbackSuccessful", "RollbackFailed", "Failed"]);
    expect(refresh.Status).toBe("RollbackSuccessful");
    expect(seen).toContain("RollbackInProgress");
    expect(refresh.RollbackDetails!.RollbackReason).toMatch(/failed/);
    await eventually(async () => (await inService("autorollback")).length === 4, 20_000, "group healthy again");
    const group = await describeGroup("autorollback");
    expect(group.Instances!.every((i) => i.LaunchTemplate!.Version === "1")).toBe(true);
    const failures = await t.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: "autorollback" }));
    expect(failures.Activities!.some((a) => a.StatusCode === "Failed")).toBe(true);
  });

  it("launches before terminating above 100% and bakes before succeeding", async () => {
    const lt = await groupWithTemplate("bake");
    const id = await startRefresh({
      AutoScalingGroupName: "bake",
      DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: lt, Version: "2" } },
      Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 150, InstanceWarmup: 2, BakeTime: 30 },
    });
    let minHealthy = 4;
    let maxMembers = 4;
    const { refresh, seen } = await followRefresh("bake", id, ["Successful", "Failed"], async () => {
      const group = await describeGroup("bake");
      maxMembers = Math.max(maxMembers, group.Instances!.filter((i) => i.LifecycleState !== "Terminating").length);
      minHealthy = Math.min(minHealthy, group.Instances!.filter((i) => i.LifecycleState === "InService").length);
    });
    expect(refresh.Status).toBe("Successful");
    expect(seen).toContain("Baking");
    expect(minHealthy).toBe(4);
    expect(maxMembers).toBeGreaterThan(4);
    expect(maxMembers).toBeLessThanOrEqual(6);
    expect((await describeGroup("bake")).LaunchTemplate!.Version).toBe("2");
  });

  it("refuses rollbacks AWS cannot do and cancels", async () => {
    await groupWithTemplate("latest", { groupVersion: "$Latest" });
    await expectError(t.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: "latest" })), "ActiveInstanceRefreshNotFoundFault");
    const id = await startRefresh({ AutoScalingGroupName: "latest", Preferences: { InstanceWarmup: 50 } });
    await expectError(t.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: "latest" })), "IrreversibleInstanceRefreshFault");
    const cancelled = await t.asg.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: "latest" }));
    expect(cancelled.InstanceRefreshId).toBe(id);
    const { refresh } = await followRefresh("latest", id, ["Cancelled"]);
    expect(refresh.Status).toBe("Cancelled");
  });

  it("answers Auto Scaling errors in awsQuery's format", async () => {
    await expectError(t.asg.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: "no-such-group" })), "ValidationError");
    await expectError(t.asg.send(new DescribeLaunchConfigurationsCommand({})), "InvalidAction");
    await expectError(
      t.asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "bad", MinSize: 1, MaxSize: 1, AvailabilityZones: ["us-east-1a"], LaunchTemplate: { LaunchTemplateId: "lt-0123456789abcdef0" } })),
      "ValidationError",
    );
    const empty = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["no-such-group"] }));
    expect(empty.AutoScalingGroups).toEqual([]);
  });
});
