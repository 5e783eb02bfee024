// The direct applier against a running sandbox, through the real EC2 and Auto Scaling SDK over HTTP.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { CopyImageCommand, DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand, DescribeLaunchTemplatesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../stacks/demo.js";
import { cloudClients, type CloudClients } from "../../src/cloud/target.js";
import { createDirectApplier, type AppliedChange, type InfraPort } from "../../src/infra/index.js";
import { startSandbox } from "@roll/sandbox/server";
import { AsgService, defineApp } from "../../src/stack/index.js";
import { synthesizeApp } from "../../src/stack/synth.js";

const REGION = "us-east-1";
const BASE_IMAGE = "sandbox-linux-base-2026.11.0-x86_64";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let dataDir: string;
let clients: CloudClients;
let applier: InfraPort;
let baseImage: string;
let newImage: string;

const stackFor = (imageId: string, groupLaunchTemplateVersion?: number) =>
  synthesizeApp(demo, { app: "demo", region: REGION, imageId, groupLaunchTemplateVersion });

async function group() {
  const answer = await clients.autoscaling().send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["roll-demo"] }));
  return answer.AutoScalingGroups![0]!;
}

async function versionImage(version: number): Promise<string | undefined> {
  const answer = await clients
    .ec2()
    .send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: "roll-demo", Versions: [String(version)] }));
  return answer.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "roll-infra-sandbox-"));
  sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: `127.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 250)}` });
  clients = cloudClients({ kind: "sandbox", region: REGION, endpoint: sandbox.endpoint });
  applier = createDirectApplier(clients, { pollIntervalMs: 200 });
  const images = await clients.ec2().send(new DescribeImagesCommand({ Filters: [{ Name: "name", Values: [BASE_IMAGE] }] }));
  baseImage = images.Images![0]!.ImageId!;
  const copy = await clients.ec2().send(new CopyImageCommand({ SourceImageId: baseImage, SourceRegion: REGION, Name: "roll-infra-test-v2" }));
  newImage = copy.ImageId!;
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("direct applier on the sandbox", () => {
  it("plans the creation of both resources on an empty cloud", async () => {
    const plan = await applier.plan(stackFor(baseImage));
    expect(plan.changes).toBe(2);
    expect(plan.resources.map((r) => [r.type, r.name, r.action])).toEqual([
      ["aws_launch_template", "roll-demo", "create"],
      ["aws_autoscaling_group", "roll-demo", "create"],
    ]);
    expect(await applier.output(stackFor(baseImage))).toEqual({});
  });

  it("first apply creates template version 1 and a group of 4 pinned to it", async () => {
    const changes: AppliedChange[] = [];
    const result = await applier.apply(stackFor(baseImage), { onChange: (change) => changes.push(change) });
    expect(result.launchTemplate).toMatchObject({ name: "roll-demo", latestVersion: 1, createdVersion: 1 });
    expect(result.launchTemplate.id).toMatch(/^lt-/);
    expect(result.group).toEqual({ name: "roll-demo", launchTemplateVersion: 1 });
    expect(result.changes).toBe(2);
    expect(changes.map((c) => [c.kind, c.action])).toEqual([
      ["launch-template", "created"],
      ["auto-scaling-group", "created"],
    ]);

    const live = await group();
    expect(live.LaunchTemplate).toMatchObject({ LaunchTemplateId: result.launchTemplate.id, Version: "1" });
    expect(live.DesiredCapacity).toBe(4);
    expect(live.AvailabilityZones).toEqual(["us-east-1a"]);
    // Like Terraform, apply waited for the capacity.
    const inService = (live.Instances ?? []).filter((i) => i.LifecycleState === "InService");
    expect(inService).toHaveLength(4);
    expect(inService.every((i) => i.LaunchTemplate?.Version === "1")).toBe(true);
    expect(live.Tags?.find((t) => t.Key === "roll:app")?.Value).toBe("demo");
    expect(await versionImage(1)).toBe(baseImage);
  });

  it("applying the same stack again changes nothing", async () => {
    expect((await applier.plan(stackFor(baseImage))).changes).toBe(0);
    const changes: AppliedChange[] = [];
    const result = await applier.apply(stackFor(baseImage), { onChange: (change) => changes.push(change) });
    expect(result.changes).toBe(0);
    expect(result.launchTemplate.createdVersion).toBeUndefined();
    expect(changes).toEqual([]);
  });

  it("a new image makes version 2 while the group stays pinned to 1", async () => {
    const stack = stackFor(newImage, 1);
    const plan = await applier.plan(stack);
    expect(plan.changes).toBe(1);
    expect(plan.resources.map((r) => [r.type, r.action, r.attributes])).toEqual([
      ["aws_launch_template", "update", ["image_id"]],
      ["aws_autoscaling_group", "no-op", []],
    ]);

    const changes: AppliedChange[] = [];
    const result = await applier.apply(stack, { onChange: (change) => changes.push(change) });
    expect(result.launchTemplate).toMatchObject({ latestVersion: 2, createdVersion: 2 });
    expect(result.group.launchTemplateVersion).toBe(1);
    expect(changes.map((c) => [c.kind, c.id])).toEqual([["launch-template-version", `${result.launchTemplate.id}:2`]]);
    expect(await versionImage(2)).toBe(newImage);
    expect(await versionImage(1)).toBe(baseImage);
    const live = await group();
    expect(live.LaunchTemplate?.Version).toBe("1");
    expect((live.Instances ?? []).every((i) => i.LaunchTemplate?.Version === "1")).toBe(true);

    expect((await applier.plan(stack)).changes).toBe(0);
    const again = await applier.apply(stack);
    expect(again.changes).toBe(0);
    expect(again.launchTemplate).toMatchObject({ latestVersion: 2 });
    expect(again.launchTemplate.createdVersion).toBeUndefined();
    const templates = await clients.ec2().send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ["roll-demo"] }));
    expect(templates.LaunchTemplates?.[0]?.LatestVersionNumber).toBe(2);
  });

  it("moving the pin to version 2 updates only the group", async () => {
    const stack = stackFor(newImage, 2);
    const plan = await applier.plan(stack);
    expect(plan.resources.map((r) => [r.type, r.action, r.attributes])).toEqual([
      ["aws_launch_template", "no-op", []],
      ["aws_autoscaling_group", "update", ["launch_template"]],
    ]);
    const result = await applier.apply(stack);
    expect(result.group.launchTemplateVersion).toBe(2);
    expect(result.launchTemplate.createdVersion).toBeUndefined();
    expect((await group()).LaunchTemplate?.Version).toBe("2");
    expect(await applier.output(stack)).toMatchObject({
      launchTemplate: { name: "roll-demo", latestVersion: 2 },
      group: { name: "roll-demo", launchTemplateVersion: 2, desiredCapacity: 4 },
    });
    expect((await applier.plan(stack)).changes).toBe(0);
  });

  const variant = (props: { maxSize: number; tags: Record<string, string> }) =>
    defineApp({
      ...demo,
      stack(scope, inputs) {
        new AsgService(scope, "service", {
          inputs,
          instanceType: "t3.micro",
          minSize: 4,
          desiredCapacity: 4,
          availabilityZones: [`${inputs.region}a`],
          healthCheckType: "EC2",
          healthCheckGracePeriodSeconds: 10,
          ...props,
        });
      },
    });

  it("updates sizes in place", async () => {
    const stack = synthesizeApp(variant({ maxSize: 6, tags: { team: "platform" } }), { app: "demo", region: REGION, imageId: newImage, groupLaunchTemplateVersion: 2 });
    const plan = await applier.plan(stack);
    expect(plan.resources.map((r) => [r.type, r.action, r.attributes])).toEqual([
      ["aws_launch_template", "no-op", []],
      ["aws_autoscaling_group", "update", ["max_size"]],
    ]);
    await applier.apply(stack);
    const live = await group();
    expect([live.MinSize, live.MaxSize, live.DesiredCapacity, live.LaunchTemplate?.Version]).toEqual([4, 6, 4, "2"]);
    expect((await applier.plan(stack)).changes).toBe(0);
  });

  it("replaces tags the stack changed, on the template and the group", async () => {
    const stack = synthesizeApp(variant({ maxSize: 6, tags: { owner: "web-team" } }), { app: "demo", region: REGION, imageId: newImage, groupLaunchTemplateVersion: 2 });
    const plan = await applier.plan(stack);
    expect(plan.resources.map((r) => [r.type, r.action, r.attributes])).toEqual([
      // The instances' tags live in the template data: a new version, which the group is not moved to.
      ["aws_launch_template", "update", ["tag_specifications", "tags"]],
      ["aws_autoscaling_group", "update", ["tag"]],
    ]);
    const result = await applier.apply(stack);
    expect(result.launchTemplate.createdVersion).toBe(3);
    expect(result.group.launchTemplateVersion).toBe(2);

    const live = await group();
    expect(live.LaunchTemplate?.Version).toBe("2");
    expect(Object.fromEntries((live.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({ owner: "web-team", "roll:app": "demo" });
    const templates = await clients.ec2().send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ["roll-demo"] }));
    const templateTags = Object.fromEntries((templates.LaunchTemplates?.[0]?.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(templateTags).toEqual({ owner: "web-team", "roll:app": "demo" });
    expect((await applier.plan(stack)).changes).toBe(0);
  });
});
