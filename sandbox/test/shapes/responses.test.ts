// Every operation the sandbox implements (EC2, Auto Scaling, ELBv2, CloudWatch) is called once with
// valid input, as raw signed query requests so the XML itself can be checked, and its response is
// validated against botocore's service model (Debian's python3-botocore): element names, required
// members, types. The list of operations comes from the sandbox's own action tables, so a new action
// without a call here fails the test.

import { existsSync } from "node:fs";
import ssh2 from "ssh2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { autoScalingActions } from "../../src/api/autoscaling/index.js";
import { cloudWatchActions } from "../../src/api/cloudwatch/index.js";
import { ec2Actions } from "../../src/api/ec2/index.js";
import { elbv2Actions } from "../../src/api/elbv2/index.js";
import { eventually, startTestSandbox, type TestSandbox } from "../helpers.js";
import { queryCall } from "../signed-http.js";
import { BOTOCORE, loadModel, validateResponse, type NewerThanModel, type ServiceModel } from "./validate.js";
import { parseXml, path, type XmlElement } from "./xml.js";

type Service = "ec2" | "autoscaling" | "elasticloadbalancing" | "monitoring";
const VERSIONS: Record<Service, [string, string]> = {
  ec2: ["ec2", "2016-11-15"],
  autoscaling: ["autoscaling", "2011-01-01"],
  elasticloadbalancing: ["elbv2", "2015-12-01"],
  monitoring: ["cloudwatch", "2010-08-01"],
};
/** Operations newer than Debian's botocore models (early 2023): nothing to validate them against. */
const NEWER_THAN_MODELS: Record<string, string> = {
  "autoscaling:RollbackInstanceRefresh": "added to Auto Scaling in late 2023, after botocore's model",
};

/** Members and enum values AWS added after the models (each in the current API reference). */
const NEWER: Record<Service, NewerThanModel> = {
  ec2: {
    enumValues: { BootModeValues: ["uefi-preferred"] },
    // Both answer with the deleted resource's id since 2024.
    members: { DeleteKeyPair: ["keyPairId"], DeleteSecurityGroup: ["groupId"] },
  },
  autoscaling: {
    members: {
      // Auto rollback, alarms, bake time, max healthy percentage, strategy: instance refresh features of late 2023.
      RefreshPreferences: ["AutoRollback", "ScaleInProtectedInstances", "StandbyInstances", "AlarmSpecification", "MaxHealthyPercentage", "BakeTime"],
      InstanceRefresh: ["Strategy", "RollbackDetails"],
      // Traffic sources gained their Type in 2023.
      TrafficSourceIdentifier: ["Type"],
    },
  },
  elasticloadbalancing: {},
  monitoring: { members: { MetricAlarm: ["StateTransitionedTimestamp"] } },
};

const haveModels = existsSync(BOTOCORE);
let t: TestSandbox;
const models = new Map<Service, ServiceModel>();
const checked = new Map<string, string[]>();
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSandbox();
  if (haveModels) for (const [service, [dir, version]] of Object.entries(VERSIONS)) models.set(service as Service, loadModel(dir, version));
});
afterAll(async () => {
  await t?.close();
});

async function call(service: Service, action: string, params: Record<string, string | number | boolean> = {}): Promise<XmlElement> {
  const response = await queryCall(t.sandbox.endpoint, service, VERSIONS[service][1], action, params);
  const xml = parseXml(response.body);
  expect(response.status, `${action}: ${response.body}`).toBe(200);
  checked.set(`${service}:${action}`, validateResponse(models.get(service)!, action, xml, NEWER[service]));
  return xml;
}

const ec2 = (action: string, params?: Record<string, string | number | boolean>) => call("ec2", action, params);
const asg = (action: string, params?: Record<string, string | number | boolean>) => call("autoscaling", action, params);
const elb = (action: string, params?: Record<string, string | number | boolean>) => call("elasticloadbalancing", action, params);
const cw = (action: string, params?: Record<string, string | number | boolean>) => call("monitoring", action, params);

function find(xml: XmlElement, name: string): string {
  const stack = [xml];
  while (stack.length > 0) {
    const element = stack.shift()!;
    if (element.name === name && element.children.length === 0) return element.text;
    stack.push(...element.children);
  }
  throw new Error(`no <${name}> in the response`);
}

async function instanceState(id: string): Promise<string> {
  const xml = await queryCall(t.sandbox.endpoint, "ec2", "2016-11-15", "DescribeInstances", { "InstanceId.1": id });
  return /<instanceState><code>\d+<\/code><name>([a-z-]+)<\/name>/.exec(xml.body)?.[1] ?? "";
}

it.skipIf(!haveModels)("answers every implemented operation in the shape of botocore's output model", { timeout: 60_000 }, async () => {
  // EC2: account, network, images, keys, security groups.
  await ec2("DescribeRegions");
  await ec2("DescribeAvailabilityZones");
  await ec2("DescribeAccountAttributes");
  ids.vpc = find(await ec2("DescribeVpcs"), "vpcId");
  await ec2("DescribeSubnets");
  ids.image = find(await ec2("DescribeImages", { "Owner.1": "amazon" }), "imageId");
  await ec2("DescribeSnapshots", { "Owner.1": "amazon" });
  await ec2("CreateKeyPair", { KeyName: "shape-key" });
  const pair = ssh2.utils.generateKeyPairSync("ed25519");
  await ec2("ImportKeyPair", { KeyName: "shape-imported", PublicKeyMaterial: Buffer.from(pair.public).toString("base64") });
  await ec2("DescribeKeyPairs");
  ids.sg = find(await ec2("CreateSecurityGroup", { GroupName: "shape-sg", GroupDescription: "shape test" }), "groupId");
  const rule = { GroupId: ids.sg, "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": 22, "IpPermissions.1.ToPort": 22, "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8" };
  await ec2("AuthorizeSecurityGroupIngress", rule);
  await ec2("DescribeSecurityGroups");
  await ec2("RevokeSecurityGroupIngress", rule);

  // Instances.
  ids.instance = find(await ec2("RunInstances", { ImageId: ids.image, MinCount: 1, MaxCount: 1, KeyName: "shape-key", "TagSpecification.1.ResourceType": "instance", "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "shape" }), "instanceId");
  await ec2("DescribeInstances");
  await ec2("DescribeInstanceStatus", { IncludeAllInstances: true });
  await ec2("CreateTags", { "ResourceId.1": ids.instance, "Tag.1.Key": "k", "Tag.1.Value": "v" });
  await ec2("DescribeTags");
  await ec2("DeleteTags", { "ResourceId.1": ids.instance, "Tag.1.Key": "k" });
  await eventually(async () => (await instanceState(ids.instance!)) === "running", 10_000, "running");
  await ec2("GetConsoleOutput", { InstanceId: ids.instance });
  await ec2("DescribeVolumes", { "Filter.1.Name": "attachment.instance-id", "Filter.1.Value.1": ids.instance });
  await ec2("GetPasswordData", { InstanceId: ids.instance });
  await ec2("DescribeInstanceAttribute", { InstanceId: ids.instance, Attribute: "instanceType" });
  await ec2("StopInstances", { "InstanceId.1": ids.instance });
  await eventually(async () => (await instanceState(ids.instance!)) === "stopped", 10_000, "stopped");
  await ec2("ModifyInstanceAttribute", { InstanceId: ids.instance, "EnaSupport.Value": true });

  // Spot capacity.
  await ec2("DescribeSpotPriceHistory", { "InstanceType.1": "t3.micro", "ProductDescription.1": "Linux/UNIX" });
  ids.sir = find(await ec2("RequestSpotInstances", { "LaunchSpecification.ImageId": ids.image, "LaunchSpecification.InstanceType": "t3.micro", "LaunchSpecification.KeyName": "shape-key" }), "spotInstanceRequestId");
  ids.spotInstance = find(await ec2("DescribeSpotInstanceRequests", { "SpotInstanceRequestId.1": ids.sir }), "instanceId");
  await ec2("CancelSpotInstanceRequests", { "SpotInstanceRequestId.1": ids.sir });
  await ec2("StartInstances", { "InstanceId.1": ids.instance });
  await eventually(async () => (await instanceState(ids.instance!)) === "running", 10_000, "running again");
  ids.ownImage = find(await ec2("CreateImage", { InstanceId: ids.instance, Name: "shape-image" }), "imageId");
  ids.copy = find(await ec2("CopyImage", { SourceImageId: ids.image, SourceRegion: "us-east-1", Name: "shape-copy" }), "imageId");
  const copySnapshot = /<snapshotId>(snap-[0-9a-f]+)<\/snapshotId>/.exec((await queryCall(t.sandbox.endpoint, "ec2", "2016-11-15", "DescribeImages", { "ImageId.1": ids.copy })).body)![1]!;
  await ec2("DeregisterImage", { ImageId: ids.copy });
  await ec2("DeleteSnapshot", { SnapshotId: copySnapshot });

  // Launch templates.
  ids.lt = find(await ec2("CreateLaunchTemplate", { LaunchTemplateName: "shape-lt", "LaunchTemplateData.ImageId": ids.image, "LaunchTemplateData.InstanceType": "t3.micro" }), "launchTemplateId");
  await ec2("CreateLaunchTemplateVersion", { LaunchTemplateId: ids.lt, SourceVersion: "1", "LaunchTemplateData.InstanceType": "t3.small" });
  await ec2("DescribeLaunchTemplates");
  await ec2("DescribeLaunchTemplateVersions", { LaunchTemplateId: ids.lt });
  await ec2("ModifyLaunchTemplate", { LaunchTemplateId: ids.lt, SetDefaultVersion: "1" });

  // ELBv2 target groups and targets.
  ids.tg = find(await elb("CreateTargetGroup", { Name: "shape-tg", Protocol: "HTTP", Port: 8080, VpcId: ids.vpc, HealthCheckPath: "/health" }), "TargetGroupArn");
  await elb("DescribeTargetGroups");
  await elb("ModifyTargetGroupAttributes", { TargetGroupArn: ids.tg, "Attributes.member.1.Key": "deregistration_delay.timeout_seconds", "Attributes.member.1.Value": "0" });
  await elb("DescribeTargetGroupAttributes", { TargetGroupArn: ids.tg });
  await elb("RegisterTargets", { TargetGroupArn: ids.tg, "Targets.member.1.Id": ids.instance });
  await elb("DescribeTargetHealth", { TargetGroupArn: ids.tg });
  await elb("DeregisterTargets", { TargetGroupArn: ids.tg, "Targets.member.1.Id": ids.instance });

  // CloudWatch alarms.
  await cw("PutMetricAlarm", { AlarmName: "shape-alarm", MetricName: "CPUUtilization", Namespace: "AWS/EC2", Statistic: "Average", Period: 60, EvaluationPeriods: 2, Threshold: 80.5, ComparisonOperator: "GreaterThanThreshold" });
  await cw("SetAlarmState", { AlarmName: "shape-alarm", StateValue: "OK", StateReason: "shape test" });
  await cw("DescribeAlarms");

  // Auto Scaling.
  const name = "shape-asg";
  await asg("CreateAutoScalingGroup", { AutoScalingGroupName: name, "LaunchTemplate.LaunchTemplateId": ids.lt, "LaunchTemplate.Version": "1", MinSize: 1, MaxSize: 3, "AvailabilityZones.member.1": "us-east-1a", "TargetGroupARNs.member.1": ids.tg, "Tags.member.1.Key": "app", "Tags.member.1.Value": "shape", "Tags.member.1.PropagateAtLaunch": true });
  const member = await eventually(async () => {
    const xml = await queryCall(t.sandbox.endpoint, "autoscaling", "2011-01-01", "DescribeAutoScalingGroups", { "AutoScalingGroupNames.member.1": name });
    return /<InstanceId>(i-[0-9a-f]+)<\/InstanceId>[\s\S]*?<LifecycleState>InService</.exec(xml.body)?.[1];
  }, 10_000, "an InService member");
  await asg("DescribeAutoScalingGroups");
  await asg("DescribeAutoScalingInstances");
  await asg("UpdateAutoScalingGroup", { AutoScalingGroupName: name, MaxSize: 4 });
  await asg("SetDesiredCapacity", { AutoScalingGroupName: name, DesiredCapacity: 2 });
  await asg("SetInstanceHealth", { InstanceId: member, HealthStatus: "Healthy" });
  await asg("CreateOrUpdateTags", { "Tags.member.1.ResourceId": name, "Tags.member.1.ResourceType": "auto-scaling-group", "Tags.member.1.Key": "team", "Tags.member.1.Value": "x", "Tags.member.1.PropagateAtLaunch": false });
  await asg("DescribeTags");
  await asg("DeleteTags", { "Tags.member.1.ResourceId": name, "Tags.member.1.ResourceType": "auto-scaling-group", "Tags.member.1.Key": "team" });
  await asg("DescribeLoadBalancerTargetGroups", { AutoScalingGroupName: name });
  await asg("DetachLoadBalancerTargetGroups", { AutoScalingGroupName: name, "TargetGroupARNs.member.1": ids.tg });
  await asg("AttachLoadBalancerTargetGroups", { AutoScalingGroupName: name, "TargetGroupARNs.member.1": ids.tg });
  await asg("StartInstanceRefresh", { AutoScalingGroupName: name, "DesiredConfiguration.LaunchTemplate.LaunchTemplateId": ids.lt, "DesiredConfiguration.LaunchTemplate.Version": "2", "Preferences.InstanceWarmup": 0, "Preferences.CheckpointPercentages.member.1": 50, "Preferences.CheckpointDelay": 3600, "Preferences.AutoRollback": true, "Preferences.AlarmSpecification.Alarms.member.1": "shape-alarm" });
  await asg("DescribeInstanceRefreshes", { AutoScalingGroupName: name });
  await asg("CancelInstanceRefresh", { AutoScalingGroupName: name });
  await asg("DescribeScalingActivities", { AutoScalingGroupName: name });
  await asg("TerminateInstanceInAutoScalingGroup", { InstanceId: member, ShouldDecrementDesiredCapacity: false });
  await asg("DeleteAutoScalingGroup", { AutoScalingGroupName: name, ForceDelete: true });

  // Deletions.
  await cw("DeleteAlarms", { "AlarmNames.member.1": "shape-alarm" });
  await elb("DeleteTargetGroup", { TargetGroupArn: ids.tg });
  ids.fleetInstance = find(
    await ec2("CreateFleet", {
      Type: "instant",
      "LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateId": ids.lt,
      "LaunchTemplateConfigs.1.LaunchTemplateSpecification.Version": "1",
      "LaunchTemplateConfigs.1.Overrides.1.InstanceType": "t3.small",
      "TargetCapacitySpecification.TotalTargetCapacity": 1,
      "TargetCapacitySpecification.DefaultTargetCapacityType": "spot",
    }),
    "item",
  );
  await ec2("TerminateInstances", { "InstanceId.1": ids.instance, "InstanceId.2": ids.spotInstance, "InstanceId.3": ids.fleetInstance });
  await ec2("DeleteLaunchTemplate", { LaunchTemplateId: ids.lt });
  await ec2("DeleteSecurityGroup", { GroupId: ids.sg });
  await ec2("DeleteKeyPair", { KeyName: "shape-imported" });

  const implemented = [
    ...Object.keys(ec2Actions).map((a) => `ec2:${a}`),
    ...Object.keys(autoScalingActions).map((a) => `autoscaling:${a}`),
    ...Object.keys(elbv2Actions).map((a) => `elasticloadbalancing:${a}`),
    ...Object.keys(cloudWatchActions).map((a) => `monitoring:${a}`),
  ];
  const notCalled = implemented.filter((op) => !checked.has(op) && !NEWER_THAN_MODELS[op]);
  expect(notCalled, "implemented operations this test does not call").toEqual([]);
  const problems = [...checked].flatMap(([op, list]) => list.map((p) => `${op}: ${p}`));
  expect(problems).toEqual([]);
  expect(path(await ec2("DescribeRegions"), "regionInfo", "item", "regionName")).toBeDefined();
});
