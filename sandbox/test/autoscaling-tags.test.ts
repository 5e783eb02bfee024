// Auto Scaling group tags through the real @aws-sdk/client-auto-scaling: CreateOrUpdateTags, DeleteTags,
// DescribeTags with its four filters, and tags propagating to instances launched afterwards.

import { CreateAutoScalingGroupCommand, CreateOrUpdateTagsCommand, DeleteTagsCommand, DescribeTagsCommand, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, DescribeImagesCommand, DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, startTestSandbox, type TestSandbox } from "./helpers.js";

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
  const images = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  const lt = await t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "tags-lt", LaunchTemplateData: { ImageId: images.Images![0]!.ImageId! } }));
  for (const name of ["tags-a", "tags-b"]) {
    await t.asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId!, Version: "1" },
        MinSize: 0,
        MaxSize: 2,
        AvailabilityZones: ["us-east-1a"],
        Tags: [{ Key: "team", Value: name === "tags-a" ? "web" : "data", PropagateAtLaunch: false }],
      }),
    );
  }
});
afterAll(async () => {
  await t?.close();
});

const tag = (group: string, Key: string, Value: string, PropagateAtLaunch: boolean) => ({ ResourceId: group, ResourceType: "auto-scaling-group", Key, Value, PropagateAtLaunch });

it("creates, updates, filters and deletes group tags", async () => {
  await t.asg.send(new CreateOrUpdateTagsCommand({ Tags: [tag("tags-a", "env", "prod", true), tag("tags-b", "env", "dev", false)] }));
  await t.asg.send(new CreateOrUpdateTagsCommand({ Tags: [tag("tags-a", "team", "platform", true)] }));
  const all = await t.asg.send(new DescribeTagsCommand({}));
  expect(all.Tags).toEqual([tag("tags-a", "env", "prod", true), tag("tags-a", "team", "platform", true), tag("tags-b", "env", "dev", false), tag("tags-b", "team", "data", false)]);

  const byGroup = await t.asg.send(new DescribeTagsCommand({ Filters: [{ Name: "auto-scaling-group", Values: ["tags-b"] }] }));
  expect(byGroup.Tags!.map((x) => x.Key)).toEqual(["env", "team"]);
  const byKeyAndValue = await t.asg.send(new DescribeTagsCommand({ Filters: [{ Name: "key", Values: ["env"] }, { Name: "value", Values: ["prod", "dev"] }] }));
  expect(byKeyAndValue.Tags!.map((x) => x.ResourceId)).toEqual(["tags-a", "tags-b"]);
  const propagating = await t.asg.send(new DescribeTagsCommand({ Filters: [{ Name: "propagate-at-launch", Values: ["true"] }] }));
  expect(propagating.Tags!.map((x) => `${x.ResourceId}/${x.Key}`)).toEqual(["tags-a/env", "tags-a/team"]);
  const paged = await t.asg.send(new DescribeTagsCommand({ MaxRecords: 3 }));
  expect(paged.Tags).toHaveLength(3);
  const rest = await t.asg.send(new DescribeTagsCommand({ MaxRecords: 3, NextToken: paged.NextToken }));
  expect(rest.Tags).toHaveLength(1);
  expect(rest.NextToken).toBeUndefined();

  // Tags that propagate reach instances launched from now on.
  await t.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "tags-a", DesiredCapacity: 1 }));
  const instance = await eventually(async () => {
    const found = await t.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:aws:autoscaling:groupName", Values: ["tags-a"] }] }));
    return found.Reservations?.[0]?.Instances?.[0];
  }, 10_000, "an instance of tags-a");
  expect(instance.Tags).toEqual(expect.arrayContaining([{ Key: "env", Value: "prod" }, { Key: "team", Value: "platform" }]));

  await t.asg.send(new DeleteTagsCommand({ Tags: [{ ResourceId: "tags-a", ResourceType: "auto-scaling-group", Key: "env" }] }));
  const after = await t.asg.send(new DescribeTagsCommand({ Filters: [{ Name: "auto-scaling-group", Values: ["tags-a"] }] }));
  expect(after.Tags!.map((x) => x.Key)).toEqual(["team"]);
});

it("answers unknown groups, reserved keys and unknown filters with ValidationError", async () => {
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error & { $metadata: { httpStatusCode: number } }) => [e.name, e.$metadata.httpStatusCode, e.message]);
  expect(await failure(t.asg.send(new CreateOrUpdateTagsCommand({ Tags: [tag("nope", "k", "v", false)] })))).toEqual(["ValidationError", 400, expect.stringContaining("nope")]);
  expect((await failure(t.asg.send(new CreateOrUpdateTagsCommand({ Tags: [tag("tags-a", "aws:x", "v", false)] }))))?.[0]).toBe("ValidationError");
  expect((await failure(t.asg.send(new DescribeTagsCommand({ Filters: [{ Name: "colour", Values: ["x"] }] }))))?.[0]).toBe("ValidationError");
  expect((await failure(t.asg.send(new DescribeTagsCommand({ NextToken: "!!" }))))?.[0]).toBe("InvalidNextToken");
});
