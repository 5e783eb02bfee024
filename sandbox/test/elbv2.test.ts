// ELBv2 target groups over the query protocol (signed raw requests), with health checks the sandbox
// really performs over HTTP against the targets' addresses, and Auto Scaling groups that register
// their instances and replace those their target group finds unhealthy (HealthCheckType ELB).

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  AttachLoadBalancerTargetGroupsCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLoadBalancerTargetGroupsCommand,
  DetachLoadBalancerTargetGroupsCommand,
} from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeVpcsCommand, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestSandbox, type TestSandbox } from "./helpers.js";
import { parseXml, path, type XmlElement } from "./shapes/xml.js";
import { elbv2 } from "./signed-http.js";

let t: TestSandbox;
let imageId: string;
let vpcId: string;
let app: Server;
let appPort: number;
/** Instance addresses that answer 500 instead of 200. */
const failing = new Set<string>();
const checksSeen: string[] = [];

beforeAll(async () => {
  t = await startTestSandbox();
  const images = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  imageId = images.Images![0]!.ImageId!;
  vpcId = (await t.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  // One server on every loopback address stands in for the instances' web servers; it answers by the
  // address the check was sent to.
  app = createServer((req, res) => {
    const ip = req.socket.localAddress!.replace(/^::ffff:/, "");
    checksSeen.push(`${ip} ${req.url} ${req.headers["user-agent"]}`);
    res.writeHead(failing.has(ip) ? 500 : 200).end("ok");
  });
  await new Promise<void>((resolve) => app.listen(0, "0.0.0.0", resolve));
  appPort = (app.address() as AddressInfo).port;
});
afterAll(async () => {
  app?.close();
  await t?.close();
});

async function call(action: string, params: Record<string, string | number | boolean> = {}): Promise<{ status: number; xml: XmlElement }> {
  const response = await elbv2(t.sandbox.endpoint, action, params);
  return { status: response.status, xml: parseXml(response.body) };
}

async function ok(action: string, params: Record<string, string | number | boolean> = {}): Promise<XmlElement> {
  const { status, xml } = await call(action, params);
  expect(status, `${action}: ${JSON.stringify(xml)}`).toBe(200);
  expect(xml.name).toBe(`${action}Response`);
  expect(xml.attributes.xmlns).toBe("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/");
  return xml.children.find((c) => c.name === `${action}Result`)!;
}

async function fails(action: string, params: Record<string, string | number | boolean>, code: string): Promise<string> {
  const { status, xml } = await call(action, params);
  expect(xml.name).toBe("ErrorResponse");
  expect(path(xml, "Error", "Code")).toBe(code);
  expect(status).toBe(400);
  return path(xml, "Error", "Message")!;
}

async function createGroup(name: string, extra: Record<string, string | number> = {}): Promise<string> {
  const result = await ok("CreateTargetGroup", {
    Name: name,
    Protocol: "HTTP",
    Port: appPort,
    VpcId: vpcId,
    HealthCheckPath: "/health",
    HealthCheckIntervalSeconds: 5,
    HealthCheckTimeoutSeconds: 2,
    HealthyThresholdCount: 2,
    UnhealthyThresholdCount: 2,
    "Matcher.HttpCode": "200-299",
    ...extra,
  });
  const arn = path(result, "TargetGroups", "member", "TargetGroupArn")!;
  await ok("ModifyTargetGroupAttributes", { TargetGroupArn: arn, "Attributes.member.1.Key": "deregistration_delay.timeout_seconds", "Attributes.member.1.Value": "20" });
  return arn;
}

interface Health {
  id: string;
  state: string;
  reason?: string;
  description?: string;
}

async function health(arn: string): Promise<Health[]> {
  const result = await ok("DescribeTargetHealth", { TargetGroupArn: arn });
  return result.children[0]!.children.map((m) => ({
    id: path(m, "Target", "Id")!,
    state: path(m, "TargetHealth", "State")!,
    reason: path(m, "TargetHealth", "Reason"),
    description: path(m, "TargetHealth", "Description"),
  }));
}

async function runInstance(): Promise<{ id: string; ip: string }> {
  const ran = await t.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 }));
  return { id: ran.Instances![0]!.InstanceId!, ip: ran.Instances![0]!.PrivateIpAddress! };
}

describe("target groups", () => {
  it("creates, describes (idempotently) and validates target groups", async () => {
    const arn = await createGroup("web-a");
    expect(arn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:\d{12}:targetgroup\/web-a\/[0-9a-f]{16}$/);
    const described = await ok("DescribeTargetGroups", { "Names.member.1": "web-a" });
    const group = described.children[0]!.children[0]!;
    expect(path(group, "HealthCheckPath")).toBe("/health");
    expect(path(group, "HealthCheckPort")).toBe("traffic-port");
    expect(path(group, "Matcher", "HttpCode")).toBe("200-299");
    expect(path(group, "TargetType")).toBe("instance");
    // Same settings: the existing group; different settings: refused.
    const again = await createGroup("web-a");
    expect(again).toBe(arn);
    await fails("CreateTargetGroup", { Name: "web-a", Protocol: "HTTP", Port: 81, VpcId: vpcId }, "DuplicateTargetGroupName");
    expect(await fails("CreateTargetGroup", { Name: "web-b", Protocol: "HTTP", Port: 80 }, "ValidationError")).toContain("VPC ID");
    await fails("CreateTargetGroup", { Name: "-bad-", Protocol: "HTTP", Port: 80, VpcId: vpcId }, "ValidationError");
    await fails("CreateTargetGroup", { Name: "web-c", Protocol: "HTTP", Port: 80, VpcId: vpcId, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 6 }, "ValidationError");
    await fails("DescribeTargetGroups", { "Names.member.1": "nope" }, "TargetGroupNotFound");
    await fails("DescribeTargetGroups", { "TargetGroupArns.member.1": arn.replace(/[0-9a-f]{16}$/, "0000000000000000") }, "TargetGroupNotFound");
    await fails("DescribeTargetHealth", { TargetGroupArn: "arn:nope" }, "ValidationError");
  });

  it("health-checks registered targets over HTTP: initial -> healthy -> unhealthy -> draining -> gone", async () => {
    const arn = await createGroup("web-health");
    const instance = await runInstance();
    await ok("RegisterTargets", { TargetGroupArn: arn, "Targets.member.1.Id": instance.id });
    const first = await health(arn);
    expect(first).toEqual([{ id: instance.id, state: "initial", reason: "Elb.RegistrationInProgress", description: "Target registration is in progress" }]);
    await eventually(async () => (await health(arn))[0]!.state === "healthy", 10_000, "a healthy target");
    expect(checksSeen.some((line) => line.startsWith(`${instance.ip} /health ELB-HealthChecker/2.0`))).toBe(true);

    failing.add(instance.ip);
    const unhealthy = await eventually(async () => {
      const [h] = await health(arn);
      return h!.state === "unhealthy" ? h : undefined;
    }, 10_000, "an unhealthy target");
    expect(unhealthy).toMatchObject({ reason: "Target.ResponseCodeMismatch", description: "Health checks failed with these codes: [500]" });
    failing.delete(instance.ip);
    await eventually(async () => (await health(arn))[0]!.state === "healthy", 10_000, "healthy again");

    // Asking about a target that is not registered.
    const other = await runInstance();
    const asked = await ok("DescribeTargetHealth", { TargetGroupArn: arn, "Targets.member.1.Id": other.id });
    expect(path(asked, "TargetHealthDescriptions", "member", "TargetHealth", "Reason")).toBe("Target.NotRegistered");
    await fails("RegisterTargets", { TargetGroupArn: arn, "Targets.member.1.Id": "i-0123456789abcdef0" }, "InvalidTarget");

    await ok("DeregisterTargets", { TargetGroupArn: arn, "Targets.member.1.Id": instance.id });
    expect((await health(arn))[0]).toMatchObject({ state: "draining", reason: "Target.DeregistrationInProgress" });
    await eventually(async () => (await health(arn)).length === 0, 10_000, "the drained target to disappear");
    await ok("DeleteTargetGroup", { TargetGroupArn: arn });
    await fails("DescribeTargetHealth", { TargetGroupArn: arn }, "TargetGroupNotFound");
  });

  it("a group registers its InService instances and, with ELB health checks, replaces the unhealthy one", async () => {
    const arn = await createGroup("web-asg");
    const lt = await t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "elb-lt", LaunchTemplateData: { ImageId: imageId } }));
    await t.asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: "elb-asg",
        LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId!, Version: "1" },
        MinSize: 2,
        MaxSize: 2,
        AvailabilityZones: ["us-east-1a"],
        HealthCheckType: "ELB",
        HealthCheckGracePeriod: 0,
        TargetGroupARNs: [arn],
      }),
    );
    const described = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["elb-asg"] }));
    expect(described.AutoScalingGroups![0]!.TargetGroupARNs).toEqual([arn]);
    const healthy = await eventually(async () => {
      const h = await health(arn);
      return h.length === 2 && h.every((x) => x.state === "healthy") ? h : undefined;
    }, 15_000, "two healthy registered members");
    const attachments = await t.asg.send(new DescribeLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: "elb-asg" }));
    expect(attachments.LoadBalancerTargetGroups).toEqual([{ LoadBalancerTargetGroupARN: arn, State: "InService" }]);

    const victim = healthy[0]!.id;
    const group = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["elb-asg"] }));
    const victimIp = (await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: [victim] }))).Reservations![0]!.Instances![0]!.PrivateIpAddress!;
    expect(group.AutoScalingGroups![0]!.Instances!.map((i) => i.InstanceId)).toContain(victim);
    failing.add(victimIp);
    // The group takes it out of service, the target group drains it, and a replacement becomes healthy.
    await eventually(async () => {
      const h = await health(arn);
      const replaced = h.filter((x) => x.id !== victim && x.state === "healthy").length === 2;
      const drained = h.find((x) => x.id === victim)?.state !== "healthy";
      return replaced && drained;
    }, 20_000, "the unhealthy member replaced");
    failing.delete(victimIp);
    const after = await t.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["elb-asg"] }));
    expect(after.AutoScalingGroups![0]!.Instances!.map((i) => i.InstanceId)).not.toContain(victim);

    // Detaching deregisters every member (draining).
    await t.asg.send(new DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: "elb-asg", TargetGroupARNs: [arn] }));
    expect((await health(arn)).filter((x) => x.state !== "draining")).toEqual([]);
    expect((await t.asg.send(new DescribeLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: "elb-asg" }))).LoadBalancerTargetGroups).toEqual([]);
    const attach = await t.asg.send(new AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: "elb-asg", TargetGroupARNs: [arn.replace(/[0-9a-f]{16}$/, "0000000000000000")] })).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(attach?.name).toBe("ValidationError");
  });
});
