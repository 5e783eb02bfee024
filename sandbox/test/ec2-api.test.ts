// EC2 through the real @aws-sdk/client-ec2 over HTTP: images, instances, key pairs, security groups,
// launch templates, tags and error responses.

import {
  AuthorizeSecurityGroupIngressCommand,
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteKeyPairCommand,
  DeleteLaunchTemplateCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DeregisterImageCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  GetConsoleOutputCommand,
  ImportKeyPairCommand,
  ModifyLaunchTemplateCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  paginateDescribeInstances,
  waitUntilImageAvailable,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { utils as sshUtils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAIL_BOOT } from "./fake-runtime.js";
import { eventually, startTestSandbox, type TestSandbox } from "./helpers.js";

const BASE = "sandbox-linux-base-2026.11.0-x86_64";
const waiter = (client: EC2Client) => ({ client, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 });

let t: TestSandbox;
let baseImageId: string;

beforeAll(async () => {
  t = await startTestSandbox();
  const images = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  baseImageId = images.Images![0]!.ImageId!;
});
afterAll(async () => {
  await t?.close();
});

async function expectError(promise: Promise<unknown>, name: string, status = 400): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } },
  );
  expect(error, `expected ${name}`).toBeDefined();
  expect(error!.name).toBe(name);
  expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(status);
  expect((error as { $metadata?: { requestId?: string } }).$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  return error!;
}

async function runOne(extra: Partial<ConstructorParameters<typeof RunInstancesCommand>[0]> = {}) {
  const out = await t.ec2.send(new RunInstancesCommand({ ImageId: baseImageId, MinCount: 1, MaxCount: 1, ...extra }));
  return out.Instances![0]!;
}

describe("regions and the default network", () => {
  it("lists regions, zones, the default VPC and one default subnet per zone", async () => {
    const regions = await t.ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions!.map((r) => r.RegionName)).toContain("us-east-1");
    const zones = await t.ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    const vpcs = await t.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }));
    expect(vpcs.Vpcs).toHaveLength(1);
    expect(vpcs.Vpcs![0]!.IsDefault).toBe(true);
    const subnets = await t.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcs.Vpcs![0]!.VpcId!] }] }));
    expect(subnets.Subnets!.map((s) => s.AvailabilityZone).sort()).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(subnets.Subnets!.every((s) => s.DefaultForAz)).toBe(true);
  });
});

describe("images", () => {
  it("finds the shipped base image by owner alias and a wildcard name filter", async () => {
    const out = await t.ec2.send(
      new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-????.*-x86_64"] }, { Name: "state", Values: ["available"] }] }),
    );
    expect(out.Images).toHaveLength(1);
    const image = out.Images![0]!;
    expect(image.Name).toBe(BASE);
    expect(image.ImageOwnerAlias).toBe("amazon");
    expect(image.OwnerId).not.toBe("123456789012");
    expect(image.Architecture).toBe("x86_64");
    expect(image.RootDeviceType).toBe("ebs");
    expect(image.VirtualizationType).toBe("hvm");
    expect(image.CreationDate).toMatch(/Z$/);
    expect(image.BlockDeviceMappings![0]!.Ebs!.SnapshotId).toMatch(/^snap-/);
    const self = await t.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "name", Values: [BASE] }] }));
    expect(self.Images).toEqual([]);
  });

  it("creates an image from an instance that becomes available and is the most recent by name", async () => {
    const instance = await runOne();
    await waitUntilInstanceRunning(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });
    await expectError(t.ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: "ab" })), "InvalidAMIName.Malformed");
    const created = await t.ec2.send(
      new CreateImageCommand({
        InstanceId: instance.InstanceId!,
        Name: "web-1.0.0",
        TagSpecifications: [{ ResourceType: "image", Tags: [{ Key: "roll:app", Value: "web" }] }, { ResourceType: "snapshot", Tags: [{ Key: "roll:app", Value: "web" }] }],
      }),
    );
    const pending = await t.ec2.send(new DescribeImagesCommand({ ImageIds: [created.ImageId!] }));
    expect(pending.Images![0]!.State).toBe("pending");
    await waitUntilImageAvailable(waiter(t.ec2), { ImageIds: [created.ImageId!] });
    await expectError(t.ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: "web-1.0.0" })), "InvalidAMIName.Duplicate");

    const second = await t.ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: "web-1.0.1", TagSpecifications: [{ ResourceType: "image", Tags: [{ Key: "roll:app", Value: "web" }] }] }));
    await waitUntilImageAvailable(waiter(t.ec2), { ImageIds: [second.ImageId!] });
    const mine = await t.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "tag:roll:app", Values: ["web"] }, { Name: "name", Values: ["web-*"] }] }));
    const newest = [...mine.Images!].sort((a, b) => b.CreationDate!.localeCompare(a.CreationDate!))[0]!;
    expect(mine.Images).toHaveLength(2);
    expect(newest.ImageId).toBe(second.ImageId);

    // The image's layer is a snapshot of the instance on top of the base image's layers.
    const fake = (t as unknown as { fake: { boots: { layers: string[] }[] } }).fake;
    const fromImage = await runOne({ ImageId: created.ImageId! });
    await waitUntilInstanceRunning(waiter(t.ec2), { InstanceIds: [fromImage.InstanceId!] });
    const spec = fake.boots.find((b) => (b as unknown as { instanceId: string }).instanceId === fromImage.InstanceId)!;
    expect(spec.layers).toHaveLength(2);
    expect(spec.layers[0]).toContain(created.ImageId!);

    const snapshotId = pending.Images![0]!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    const snaps = await t.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"], Filters: [{ Name: "tag:roll:app", Values: ["web"] }] }));
    expect(snaps.Snapshots!.map((s) => s.SnapshotId)).toContain(snapshotId);
    await expectError(t.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })), "InvalidSnapshot.InUse");
    await t.ec2.send(new DeregisterImageCommand({ ImageId: second.ImageId! }));
    await expectError(t.ec2.send(new DescribeImagesCommand({ ImageIds: [second.ImageId!] })), "InvalidAMIID.NotFound");
    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!, fromImage.InstanceId!] }));
  });
});

describe("instances", () => {
  it("runs, describes, stops, starts and terminates an instance with the SDK's waiters", async () => {
    const instance = await runOne({ TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "lifecycle" }] }] });
    expect(instance.State).toEqual({ Code: 0, Name: "pending" });
    expect(instance.PrivateIpAddress).toMatch(/^127\./);
    await waitUntilInstanceRunning(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });
    const described = await t.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: ["lifecycle"] }, { Name: "instance-state-name", Values: ["running"] }] }));
    const found = described.Reservations!.flatMap((r) => r.Instances!);
    expect(found.map((i) => i.InstanceId)).toEqual([instance.InstanceId]);
    expect(found[0]!.PublicIpAddress).toBe(instance.PrivateIpAddress);
    expect(found[0]!.LaunchTime).toBeInstanceOf(Date);

    const status = await t.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instance.InstanceId!] }));
    expect(status.InstanceStatuses![0]!.InstanceState!.Name).toBe("running");
    const console = await t.ec2.send(new GetConsoleOutputCommand({ InstanceId: instance.InstanceId! }));
    expect(Buffer.from(console.Output!, "base64").toString()).toContain("BEGIN SSH HOST KEY FINGERPRINTS");

    const stopping = await t.ec2.send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    expect(stopping.StoppingInstances![0]!.PreviousState!.Name).toBe("running");
    expect(stopping.StoppingInstances![0]!.CurrentState!.Name).toBe("stopping");
    await waitUntilInstanceStopped(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });
    await t.ec2.send(new StartInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    await waitUntilInstanceRunning(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });

    const terminating = await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    expect(terminating.TerminatingInstances![0]!.CurrentState!.Name).toBe("shutting-down");
    await waitUntilInstanceTerminated(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });
    // Terminating again is idempotent and the instance stays visible for a while.
    const again = await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    expect(again.TerminatingInstances![0]!.CurrentState!.Name).toBe("terminated");
    await expectError(t.ec2.send(new StartInstancesCommand({ InstanceIds: [instance.InstanceId!] })), "IncorrectInstanceState");
  });

  it("honours ClientToken, MinCount/MaxCount and pages DescribeInstances", async () => {
    const token = `token-${Date.now()}`;
    const first = await t.ec2.send(new RunInstancesCommand({ ImageId: baseImageId, MinCount: 1, MaxCount: 6, ClientToken: token, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "batch", Value: token }] }] }));
    const again = await t.ec2.send(new RunInstancesCommand({ ImageId: baseImageId, MinCount: 1, MaxCount: 6, ClientToken: token }));
    expect(first.Instances).toHaveLength(6);
    expect(again.Instances!.map((i) => i.InstanceId)).toEqual(first.Instances!.map((i) => i.InstanceId));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: t.ec2, pageSize: 5 }, { Filters: [{ Name: "tag:batch", Values: [token] }] })) {
      pages++;
      for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) seen.push(i.InstanceId!);
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(first.Instances!.map((i) => i.InstanceId!).sort());
    await expectError(t.ec2.send(new DescribeInstancesCommand({ MaxResults: 3 })), "InvalidParameterValue");
    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: seen }));
  });

  it("terminates an instance whose boot fails, with a state reason", async () => {
    const instance = await runOne({ UserData: Buffer.from(`#!/bin/sh\n# ${FAIL_BOOT}\n`).toString("base64") });
    // (The SDK's InstanceTerminated waiter gives up on "pending", so poll.)
    const terminated = await eventually(async () => {
      const out = await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
      const found = out.Reservations![0]!.Instances![0]!;
      return found.State!.Name === "terminated" && found;
    });
    expect(terminated.StateReason!.Code).toBe("Server.InternalError");
    expect(terminated.StateReason!.Message).toContain("init exited");
  });
});

describe("key pairs", () => {
  it("creates RSA (PKCS#1 PEM) and ed25519 (OpenSSH) keys that ssh2 can parse, and imports public keys", async () => {
    const rsa = await t.ec2.send(new CreateKeyPairCommand({ KeyName: "rsa-key" }));
    expect(rsa.KeyMaterial).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(rsa.KeyFingerprint).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
    const parsedRsa = sshUtils.parseKey(rsa.KeyMaterial!);
    expect(parsedRsa instanceof Error ? parsedRsa.message : (parsedRsa as { type: string }).type).toBe("ssh-rsa");

    const ed = await t.ec2.send(new CreateKeyPairCommand({ KeyName: "ed-key", KeyType: "ed25519" }));
    expect(ed.KeyMaterial).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const parsedEd = sshUtils.parseKey(ed.KeyMaterial!);
    expect(parsedEd instanceof Error ? parsedEd.message : (parsedEd as { type: string }).type).toBe("ssh-ed25519");
    // The sandbox keeps the matching public key for instances.
    const described = await t.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ["ed-key"], IncludePublicKey: true }));
    const publicKey = (parsedEd as { getPublicSSH(): Buffer }).getPublicSSH().toString("base64");
    expect(described.KeyPairs![0]!.PublicKey).toContain(publicKey);
    expect(described.KeyPairs![0]!.KeyType).toBe("ed25519");

    await expectError(t.ec2.send(new CreateKeyPairCommand({ KeyName: "rsa-key" })), "InvalidKeyPair.Duplicate");
    const imported = await t.ec2.send(new ImportKeyPairCommand({ KeyName: "imported", PublicKeyMaterial: Buffer.from(`ssh-ed25519 ${publicKey} me@host`) }));
    expect(imported.KeyFingerprint).toBeTruthy();
    await expectError(t.ec2.send(new ImportKeyPairCommand({ KeyName: "bad", PublicKeyMaterial: Buffer.from("not a key") })), "InvalidKey.Format");

    const instance = await runOne({ KeyName: "ed-key" });
    const fake = (t as unknown as { fake: { boots: { instanceId: string; authorizedKeys: string[] }[] } }).fake;
    await waitUntilInstanceRunning(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });
    expect(fake.boots.find((b) => b.instanceId === instance.InstanceId)!.authorizedKeys[0]).toContain(publicKey);
    await expectError(runOne({ KeyName: "missing" }), "InvalidKeyPair.NotFound");

    await t.ec2.send(new DeleteKeyPairCommand({ KeyName: "imported" }));
    await expectError(t.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ["imported"] })), "InvalidKeyPair.NotFound");
    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
  });
});

describe("security groups", () => {
  it("creates, authorizes and refuses to delete a group an instance still uses", async () => {
    const created = await t.ec2.send(new CreateSecurityGroupCommand({ GroupName: "builder", Description: "temporary builder access" }));
    await t.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: created.GroupId!, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
    await expectError(
      t.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: created.GroupId!, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] })),
      "InvalidPermission.Duplicate",
    );
    const described = await t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [created.GroupId!] }));
    expect(described.SecurityGroups![0]!.IpPermissions![0]).toMatchObject({ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] });
    await expectError(t.ec2.send(new CreateSecurityGroupCommand({ GroupName: "builder", Description: "again" })), "InvalidGroup.Duplicate");

    const instance = await runOne({ SecurityGroupIds: [created.GroupId!] });
    await expectError(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: created.GroupId! })), "DependencyViolation");
    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    await waitUntilInstanceTerminated(waiter(t.ec2), { InstanceIds: [instance.InstanceId!] });
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: created.GroupId! }));
    await expectError(t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [created.GroupId!] })), "InvalidGroup.NotFound");
  });
});

describe("launch templates", () => {
  it("creates versions with SourceVersion inheritance and resolves $Latest, $Default and numbers", async () => {
    const created = await t.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: "web-lt",
        LaunchTemplateData: { ImageId: baseImageId, InstanceType: "t3.micro", TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "app", Value: "web" }] }] },
      }),
    );
    const id = created.LaunchTemplate!.LaunchTemplateId!;
    expect(created.LaunchTemplate!.LatestVersionNumber).toBe(1);
    const v2 = await t.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: "1", LaunchTemplateData: { InstanceType: "t3.small" } }));
    expect(v2.LaunchTemplateVersion!.VersionNumber).toBe(2);
    expect(v2.LaunchTemplateVersion!.LaunchTemplateData).toMatchObject({ ImageId: baseImageId, InstanceType: "t3.small" });
    expect(v2.LaunchTemplateVersion!.LaunchTemplateData!.TagSpecifications![0]!.Tags).toEqual([{ Key: "app", Value: "web" }]);

    const latest = await t.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ["$Latest", "$Default"] }));
    expect(latest.LaunchTemplateVersions!.map((v) => [v.VersionNumber, v.DefaultVersion])).toEqual([[2, false], [1, true]]);
    await t.ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: "2" }));
    const templates = await t.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ["web-lt"] }));
    expect(templates.LaunchTemplates![0]).toMatchObject({ DefaultVersionNumber: 2, LatestVersionNumber: 2 });
    await expectError(t.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ["7"] })), "InvalidLaunchTemplateId.VersionNotFound");
    await expectError(t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "web-lt", LaunchTemplateData: { ImageId: baseImageId } })), "InvalidLaunchTemplateName.AlreadyExistsException");

    const fromTemplate = await t.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: id, Version: "$Default" } }));
    expect(fromTemplate.Instances![0]!.InstanceType).toBe("t3.small");
    expect(fromTemplate.Instances![0]!.Tags).toEqual(expect.arrayContaining([{ Key: "app", Value: "web" }]));
    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [fromTemplate.Instances![0]!.InstanceId!] }));
    await t.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }));
    await expectError(t.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] })), "InvalidLaunchTemplateId.NotFound");
  });
});

describe("tags", () => {
  it("creates, describes and deletes tags", async () => {
    const instance = await runOne();
    await t.ec2.send(new CreateTagsCommand({ Resources: [instance.InstanceId!], Tags: [{ Key: "team", Value: "platform" }, { Key: "tier", Value: "web" }] }));
    const tags = await t.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [instance.InstanceId!] }] }));
    expect(tags.Tags!.map((x) => [x.Key, x.Value, x.ResourceType])).toEqual([["team", "platform", "instance"], ["tier", "web", "instance"]]);
    await t.ec2.send(new DeleteTagsCommand({ Resources: [instance.InstanceId!], Tags: [{ Key: "team" }] }));
    const after = await t.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [instance.InstanceId!] }] }));
    expect(after.Tags!.map((x) => x.Key)).toEqual(["tier"]);
    await expectError(t.ec2.send(new CreateTagsCommand({ Resources: ["i-0123456789abcdef0"], Tags: [{ Key: "a", Value: "b" }] })), "InvalidInstanceID.NotFound");
    await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
  });
});

describe("errors", () => {
  it("answers unknown actions, unknown ids, missing and malformed parameters with AWS's codes", async () => {
    await expectError(t.ec2.send(new DeleteVolumeCommand({ VolumeId: "vol-0123456789abcdef0" })), "InvalidAction");
    await expectError(t.ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })), "InvalidInstanceID.NotFound");
    await expectError(t.ec2.send(new DescribeInstancesCommand({ InstanceIds: ["nope"] })), "InvalidInstanceID.Malformed");
    await expectError(t.ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-0123456789abcdef0"] })), "InvalidAMIID.NotFound");
    await expectError(runOne({ ImageId: "ami-0123456789abcdef0" }), "InvalidAMIID.NotFound");
    await expectError(t.ec2.send(new CreateKeyPairCommand({ KeyName: undefined as unknown as string })), "MissingParameter");
    await expectError(t.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "no-such-filter", Values: ["x"] }] })), "InvalidParameterValue");
    await expectError(t.ec2.send(new RunInstancesCommand({ ImageId: baseImageId, MinCount: 1, MaxCount: 1, DryRun: true })), "DryRunOperation", 412);
  });

  it("answers a raw request without Action and a garbage body without crashing", async () => {
    const raw = await fetch(t.sandbox.endpoint, { method: "POST", body: "Version=2016-11-15&%%%", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(raw.status).toBe(400);
    expect(raw.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(await raw.text()).toContain("<Code>MissingAction</Code>");
    const ok = await t.ec2.send(new DescribeRegionsCommand({}));
    expect(ok.Regions!.length).toBeGreaterThan(0);
  });
});
