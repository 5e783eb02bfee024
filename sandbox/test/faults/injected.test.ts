// Injected faults through the real SDK over HTTP and the admin API: error rates (which the SDK
// retries), latency, boot failures, instances that fail their status checks later and are replaced.

import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeInstanceStatusCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, startTestSandbox } from "../helpers.js";
import { getFaults, putFaults, settle } from "./helpers.js";

let t: Awaited<ReturnType<typeof startTestSandbox>>;
let imageId: string;
beforeAll(async () => {
  t = await startTestSandbox();
  const images = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  imageId = images.Images![0]!.ImageId!;
});
afterAll(async () => {
  await t?.close();
});

const retrying = () =>
  new EC2Client({ endpoint: t.sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, retryMode: "standard", maxAttempts: 10 });

it("fails the named action with InternalError 500 and leaves the others alone", async () => {
  await putFaults(t.sandbox.endpoint, { errorRate: { RunInstances: 1 } });
  const failed = await settle(t.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 })));
  expect(failed.ok).toBe(false);
  if (!failed.ok) {
    expect(failed.error.name).toBe("InternalError");
    expect(failed.error.$metadata.httpStatusCode).toBe(500);
  }
  expect((await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images!.length).toBeGreaterThan(0);
  // A failed request did nothing.
  expect((await t.ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);

  await putFaults(t.sandbox.endpoint, { errorRate: { "*": 1 }, errorKind: "unavailable" });
  const asg = await settle(t.asg.send(new DescribeAutoScalingGroupsCommand({})));
  expect(asg.ok ? undefined : [asg.error.name, asg.error.$metadata.httpStatusCode]).toEqual(["ServiceUnavailable", 503]);
  await putFaults(t.sandbox.endpoint, { errorRate: { "*": 1 } });
  const asgInternal = await settle(t.asg.send(new DescribeAutoScalingGroupsCommand({})));
  expect(asgInternal.ok ? undefined : [asgInternal.error.name, asgInternal.error.$metadata.httpStatusCode]).toEqual(["InternalFailure", 500]);
});

it("produces errors the SDK retries through", async () => {
  await putFaults(t.sandbox.endpoint, { errorRate: { DescribeImages: 0.5 }, seed: 42 });
  const ec2 = retrying();
  const answers = await Promise.all(Array.from({ length: 20 }, () => ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))));
  expect(answers.every((a) => a.Images!.length > 0)).toBe(true);
  const attempts = answers.map((a) => a.$metadata.attempts ?? 1);
  expect(attempts.filter((n) => n > 1).length).toBeGreaterThan(3); // about half needed a retry
  ec2.destroy();
  await putFaults(t.sandbox.endpoint, {});
}, 30_000);

it("delays answers by the latency in force", async () => {
  await putFaults(t.sandbox.endpoint, { latencyMs: { DescribeImages: 300 } });
  let started = Date.now();
  await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  started = Date.now();
  await t.ec2.send(new DescribeInstancesCommand({}));
  const other = Date.now() - started;
  await putFaults(t.sandbox.endpoint, {});
  expect(other).toBeLessThan(290);
});

it("terminates instances that fail to boot with Server.InternalError, as AWS shows them", async () => {
  await putFaults(t.sandbox.endpoint, { bootFailureRate: 1 });
  const run = await t.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 2, MaxCount: 2 }));
  expect(run.Instances!.map((i) => i.State!.Name)).toEqual(["pending", "pending"]);
  const ids = run.Instances!.map((i) => i.InstanceId!);
  // The dice are thrown when the instance boots, under the faults in force then.
  const instances = await eventually(async () => {
    const d = await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const all = d.Reservations!.flatMap((r) => r.Instances!);
    return all.every((i) => i.State!.Name === "terminated") && all;
  });
  await putFaults(t.sandbox.endpoint, {});
  for (const instance of instances) {
    expect(instance.StateReason).toEqual({ Code: "Server.InternalError", Message: expect.stringMatching(/^Server\.InternalError: Internal error on launch/) });
  }
  expect(t.fake.boots.filter((b) => ids.includes(b.instanceId))).toEqual([]); // nothing was started
});

it("fails instances' status checks later: their processes end and DescribeInstanceStatus says impaired", async () => {
  await putFaults(t.sandbox.endpoint, { unhealthyAfter: { afterMs: 300, rate: 1 } });
  const run = await t.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 }));
  const id = run.Instances![0]!.InstanceId!;
  // Whether an instance fails is decided when it starts running, under the faults in force then.
  const ok = await eventually(async () => {
    const s = await t.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }));
    return s.InstanceStatuses![0]?.InstanceState?.Name === "running" && s.InstanceStatuses![0];
  });
  await putFaults(t.sandbox.endpoint, {});
  expect(ok.InstanceStatus!.Status).not.toBe("impaired");
  const impaired = await eventually(async () => {
    const s = await t.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }));
    return s.InstanceStatuses![0]?.InstanceStatus?.Status === "impaired" && s.InstanceStatuses![0];
  });
  expect(impaired.InstanceState!.Name).toBe("running");
  expect(impaired.SystemStatus!.Status).toBe("ok");
  expect(impaired.InstanceStatus!.Details![0]).toMatchObject({ Name: "reachability", Status: "failed" });
  expect(t.fake.running.has(id)).toBe(false); // its processes were ended
});

it("has a group replace an instance whose status checks fail", async () => {
  const lt = await t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "unhealthy-lt", LaunchTemplateData: { ImageId: imageId, InstanceType: "t3.micro" } }));
  await putFaults(t.sandbox.endpoint, { unhealthyAfter: { afterMs: 300, rate: 1 } });
  await t.asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: "unhealthy",
      LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId!, Version: "1" },
      MinSize: 1,
      MaxSize: 2,
      DesiredCapacity: 1,
      AvailabilityZones: ["us-east-1a"],
    }),
  );
  const first = await eventually(async () => {
    const g = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["unhealthy"] }));
    return g.AutoScalingGroups![0]!.Instances!.find((i) => i.LifecycleState === "InService")?.InstanceId;
  });
  // Later instances stay healthy: only the first one is doomed.
  await putFaults(t.sandbox.endpoint, {});
  const replacement = await eventually(async () => {
    const g = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["unhealthy"] }));
    return g.AutoScalingGroups![0]!.Instances!.find((i) => i.InstanceId !== first && i.LifecycleState === "InService")?.InstanceId;
  });
  expect(replacement).not.toBe(first);
  const activities = await t.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: "unhealthy" }));
  expect(activities.Activities!.some((a) => a.Cause?.includes("EC2 instance status checks failure"))).toBe(true);
}, 30_000);

it("serves the faults on the admin API, refuses bad ones, and keeps them across reads", async () => {
  const put = await putFaults(t.sandbox.endpoint, { throttle: "aws", latencyMs: { "*": 1 } });
  expect(put.status).toBe(200);
  const bad = await putFaults(t.sandbox.endpoint, { errorRate: { RunInstances: 7 } });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toMatch(/errorRate.RunInstances: 7/);
  const patched = await fetch(`${t.sandbox.endpoint}/__sandbox/faults`, { method: "PATCH", body: JSON.stringify({ sshRefuseMs: 5000 }) });
  expect(patched.status).toBe(200);
  await fetch(`${t.sandbox.endpoint}/__sandbox/health`);
  expect(await getFaults(t.sandbox.endpoint)).toMatchObject({ throttle: "aws", latencyMs: { "*": 1 }, sshRefuseMs: 5000, errorRate: {} });
  expect((await fetch(`${t.sandbox.endpoint}/__sandbox/faults`, { method: "DELETE" })).status).toBe(405);
  await putFaults(t.sandbox.endpoint, {});
});
