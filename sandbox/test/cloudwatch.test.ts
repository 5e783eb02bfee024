// CloudWatch alarms over the query protocol (signed raw requests), and instance refreshes with an
// AlarmSpecification: an alarm in ALARM fails the refresh, and with AutoRollback rolls it back, also
// while it bakes.

import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
  waitUntilGroupInService,
  type InstanceRefresh,
} from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand, DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestSandbox, type TestSandbox } from "./helpers.js";
import { parseXml, path, type XmlElement } from "./shapes/xml.js";
import { cloudwatch } from "./signed-http.js";

let t: TestSandbox;
let imageId: string;

beforeAll(async () => {
  t = await startTestSandbox();
  imageId = (await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0]!.ImageId!;
});
afterAll(async () => {
  await t?.close();
});

async function call(action: string, params: Record<string, string | number> = {}): Promise<{ status: number; xml: XmlElement }> {
  const response = await cloudwatch(t.sandbox.endpoint, action, params);
  return { status: response.status, xml: parseXml(response.body) };
}

const putAlarm = (name: string) =>
  call("PutMetricAlarm", {
    AlarmName: name,
    MetricName: "HTTPCode_Target_5XX_Count",
    Namespace: "AWS/ApplicationELB",
    Statistic: "Sum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 5,
    ComparisonOperator: "GreaterThanThreshold",
    "Dimensions.member.1.Name": "TargetGroup",
    "Dimensions.member.1.Value": "targetgroup/web/0123456789abcdef",
  });

const setState = (name: string, state: string) => call("SetAlarmState", { AlarmName: name, StateValue: state, StateReason: "set by the test" });

async function alarmNames(params: Record<string, string>): Promise<string[]> {
  const { xml } = await call("DescribeAlarms", params);
  const alarms = xml.children[0]!.children.find((c) => c.name === "MetricAlarms")!;
  return alarms.children.map((m) => path(m, "AlarmName")!);
}

describe("alarms", () => {
  it("stores, describes, sets and deletes metric alarms", async () => {
    expect((await putAlarm("api-5xx")).status).toBe(200);
    expect((await putAlarm("api-latency")).status).toBe(200);
    expect((await putAlarm("db-cpu")).status).toBe(200);
    const { xml } = await call("DescribeAlarms", { "AlarmNames.member.1": "api-5xx" });
    expect(xml.attributes.xmlns).toBe("http://monitoring.amazonaws.com/doc/2010-08-01/");
    const alarm = xml.children[0]!.children.find((c) => c.name === "MetricAlarms")!.children[0]!;
    expect(path(alarm, "StateValue")).toBe("INSUFFICIENT_DATA");
    expect(path(alarm, "AlarmArn")).toBe("arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx");
    expect(path(alarm, "Threshold")).toBe("5");
    expect(path(alarm, "Dimensions", "member", "Name")).toBe("TargetGroup");
    expect(path(alarm, "StateUpdatedTimestamp")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    expect(await alarmNames({ AlarmNamePrefix: "api-" })).toEqual(["api-5xx", "api-latency"]);
    expect((await setState("api-latency", "ALARM")).status).toBe(200);
    expect(await alarmNames({ StateValue: "ALARM" })).toEqual(["api-latency"]);

    const missing = await setState("nope", "ALARM");
    expect([missing.status, path(missing.xml, "Error", "Code")]).toEqual([404, "ResourceNotFound"]);
    const badState = await setState("api-5xx", "RED");
    expect([badState.status, path(badState.xml, "Error", "Code")]).toEqual([400, "ValidationError"]);
    const noPeriods = await call("PutMetricAlarm", { AlarmName: "x", ComparisonOperator: "GreaterThanThreshold" });
    expect([noPeriods.status, path(noPeriods.xml, "Error", "Code")]).toEqual([400, "ValidationError"]);
    // Deleting is all or nothing.
    const partly = await call("DeleteAlarms", { "AlarmNames.member.1": "db-cpu", "AlarmNames.member.2": "nope" });
    expect([partly.status, path(partly.xml, "Error", "Code")]).toEqual([404, "ResourceNotFound"]);
    expect((await call("DeleteAlarms", { "AlarmNames.member.1": "db-cpu" })).status).toBe(200);
    expect(await alarmNames({})).toEqual(["api-5xx", "api-latency"]);
  });
});

async function groupOnVersion1(name: string): Promise<string> {
  const lt = await t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: `${name}-lt`, LaunchTemplateData: { ImageId: imageId, InstanceType: "t3.micro" } }));
  const id = lt.LaunchTemplate!.LaunchTemplateId!;
  await t.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: "1", LaunchTemplateData: { InstanceType: "t3.small" } }));
  await t.asg.send(
    new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchTemplate: { LaunchTemplateId: id, Version: "1" }, MinSize: 2, MaxSize: 4, AvailabilityZones: ["us-east-1a"] }),
  );
  await waitUntilGroupInService({ client: t.asg, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 }, { AutoScalingGroupNames: [name] });
  return id;
}

async function refreshUntil(group: string, id: string, statuses: string[]): Promise<InstanceRefresh> {
  return eventually(async () => {
    const out = await t.asg.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, InstanceRefreshIds: [id] }));
    const refresh = out.InstanceRefreshes![0]!;
    return statuses.includes(refresh.Status!) ? refresh : undefined;
  }, 15_000, `refresh ${statuses.join("/")}`);
}

describe("instance refresh with an alarm specification", () => {
  it("rolls back a baking refresh when its alarm goes into ALARM", async () => {
    await putAlarm("bake-alarm");
    const templateId = await groupOnVersion1("alarm-asg");
    const started = await t.asg.send(
      new StartInstanceRefreshCommand({
        AutoScalingGroupName: "alarm-asg",
        DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: templateId, Version: "2" } },
        Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 0, AutoRollback: true, BakeTime: 3600, AlarmSpecification: { Alarms: ["bake-alarm"] } },
      }),
    );
    const id = started.InstanceRefreshId!;
    await refreshUntil("alarm-asg", id, ["Baking"]);
    await setState("bake-alarm", "ALARM");
    const rolling = await refreshUntil("alarm-asg", id, ["RollbackInProgress", "RollbackSuccessful"]);
    expect(rolling.StatusReason).toContain("bake-alarm");
    const done = await refreshUntil("alarm-asg", id, ["RollbackSuccessful"]);
    expect(done.RollbackDetails?.RollbackReason).toContain("bake-alarm");
    const group = (await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["alarm-asg"] }))).AutoScalingGroups![0]!;
    expect(group.LaunchTemplate!.Version).toBe("1");
    expect(group.Instances!.map((i) => i.LaunchTemplate!.Version)).toEqual(["1", "1"]);
  });

  it("fails (without rolling back) a refresh without AutoRollback", async () => {
    await putAlarm("fail-alarm");
    await setState("fail-alarm", "ALARM");
    const templateId = await groupOnVersion1("alarm-fail-asg");
    const started = await t.asg.send(
      new StartInstanceRefreshCommand({
        AutoScalingGroupName: "alarm-fail-asg",
        DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: templateId, Version: "2" } },
        Preferences: { AlarmSpecification: { Alarms: ["fail-alarm"] } },
      }),
    );
    const failed = await refreshUntil("alarm-fail-asg", started.InstanceRefreshId!, ["Failed"]);
    expect(failed.StatusReason).toContain("fail-alarm");
    expect(failed.RollbackDetails).toBeUndefined();
  });
});
