// Bench (not a test): the sandbox at 100 instances in one Auto Scaling group, with the real instance
// runtime. Prints the time DescribeInstances takes for all of them through the AWS SDK (goal < 200 ms),
// the wall of a 100-instance instance refresh (MinHealthyPercentage 90, no warm-up) until Successful,
// and the memory an idle instance costs: its own processes' RSS, and the sandbox process's growth.
// Run: npx tsx bench/scale.ts [instances=100]. Never asserts timings.

import { readFileSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AutoScalingClient, CreateAutoScalingGroupCommand, DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, DescribeInstanceRefreshesCommand, StartInstanceRefreshCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand, DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { startSandbox } from "@roll/sandbox/server";

const size = Number(process.argv[2] ?? 100);
const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bench-scale-"));
const rssBefore = process.memoryUsage().rss;
const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: `127.${150 + Math.floor(Math.random() * 100)}`, timing: { instancePendingMs: 50, refreshPendingMs: 50 } });
const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "roll-sandbox", secretAccessKey: "roll-sandbox" } };
const ec2 = new EC2Client(config);
const asg = new AutoScalingClient(config);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function inService(): Promise<number> {
  const group = (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["scale"] }))).AutoScalingGroups![0]!;
  return group.Instances!.filter((i) => i.LifecycleState === "InService").length;
}

/** RSS (kB) of the processes listed in each instance's pids.json. */
function instanceRssKb(): number {
  let total = 0;
  const dir = path.join(dataDir, "instances");
  for (const id of readdirSync(dir)) {
    let pids: number[] = [];
    try {
      pids = JSON.parse(readFileSync(path.join(dir, id, "pids.json"), "utf8")) as number[];
    } catch {
      continue;
    }
    for (const pid of pids) {
      try {
        total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      } catch {
        // Gone.
      }
    }
  }
  return total;
}

try {
  const base = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }))).Images![0]!.ImageId!;
  const lt = (await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "scale", LaunchTemplateData: { ImageId: base, InstanceType: "t3.micro" } }))).LaunchTemplate!.LaunchTemplateId!;
  let started = performance.now();
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "scale", LaunchTemplate: { LaunchTemplateId: lt, Version: "1" }, MinSize: size, MaxSize: size * 2, DesiredCapacity: size, AvailabilityZones: ["us-east-1a"] }));
  while ((await inService()) < size) await sleep(250);
  const launchMs = performance.now() - started;

  const describeMs: number[] = [];
  let seen = 0;
  for (let n = 0; n < 20; n++) {
    const t0 = performance.now();
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:aws:autoscaling:groupName", Values: ["scale"] }] }));
    describeMs.push(performance.now() - t0);
    seen = out.Reservations!.flatMap((r) => r.Instances!).length;
  }
  describeMs.sort((a, b) => a - b);
  const instanceKb = instanceRssKb();
  const sandboxGrowth = process.memoryUsage().rss - rssBefore;

  await ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: lt, SourceVersion: "1", LaunchTemplateData: { InstanceType: "t3.small" } }));
  started = performance.now();
  await asg.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: "scale", DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: lt, Version: "2" } }, Preferences: { MinHealthyPercentage: 90, InstanceWarmup: 0 } }));
  let status = "";
  while (!["Successful", "Failed", "Cancelled"].includes(status)) {
    await sleep(500);
    status = (await asg.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: "scale" }))).InstanceRefreshes![0]!.Status!;
  }
  const refreshMs = performance.now() - started;

  console.log(`${size} instances in one Auto Scaling group (real instance runtime)`);
  console.log(`  launch to all InService                       ${(launchMs / 1000).toFixed(1)} s`);
  console.log(`  DescribeInstances of all ${seen} (SDK, 20 runs)  median ${describeMs[10]!.toFixed(1)} ms, max ${describeMs.at(-1)!.toFixed(1)} ms   (goal < 200 ms)`);
  console.log(`  instance refresh of ${size} (90 % healthy, no warm-up)  ${status} in ${(refreshMs / 1000).toFixed(1)} s`);
  console.log(`  memory per idle instance: its processes ${(instanceKb / size / 1024).toFixed(2)} MiB RSS, sandbox process +${(sandboxGrowth / size / 1024 / 1024).toFixed(2)} MiB`);
} finally {
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: "scale", ForceDelete: true })).catch(() => {});
  ec2.destroy();
  asg.destroy();
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
}
