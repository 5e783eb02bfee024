// roll gc's rules, through the real SDK against the sandbox: only bakes whose app lock is free (or
// held by a dead process) are collected; a live bake's resources are never touched; a finished image
// (its roll:temporary mark taken off) is a version, not a leftover; removal goes in dependency order.

import {
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
  type Tag,
  waitUntilInstanceRunning,
} from "@aws-sdk/client-ec2";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import { collectGarbage } from "../../src/pipelines/gc.js";
import { acquireLock, lockPath } from "../../src/releases/lock.js";
import { appStateDir } from "../../src/releases/store.js";
import { startTestCloud } from "../bake/support/cloud.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
const stateRoot = mkdtempSync(join(tmpdir(), "roll-gc-state-"));

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

const tags = (app: string, bakeId: string, temporary = true): Tag[] => [
  { Key: "roll:app", Value: app },
  { Key: "roll:bake-id", Value: bakeId },
  ...(temporary ? [{ Key: "roll:temporary", Value: "true" }] : []),
];

/** What a bake killed after launching its builder leaves: key pair, group, a running instance. */
async function deadBakeResources(app: string, bakeId: string) {
  const ec2 = cloud.clients.ec2();
  await ec2.send(new CreateKeyPairCommand({ KeyName: `roll-${bakeId}`, KeyType: "ed25519", TagSpecifications: [{ ResourceType: "key-pair", Tags: tags(app, bakeId) }] }));
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: `roll-${bakeId}`, Description: "test", TagSpecifications: [{ ResourceType: "security-group", Tags: tags(app, bakeId) }] }),
  );
  const base = await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: base.Images![0]!.ImageId,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      KeyName: `roll-${bakeId}`,
      SecurityGroupIds: [group.GroupId!],
      TagSpecifications: [{ ResourceType: "instance", Tags: tags(app, bakeId) }],
    }),
  );
  const instanceId = run.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning({ client: ec2, minDelay: 0.2, maxDelay: 1, maxWaitTime: 60 }, { InstanceIds: [instanceId] });
  return { groupId: group.GroupId!, instanceId };
}

async function exists(bakeId: string) {
  const ec2 = cloud.clients.ec2();
  const filter = [{ Name: "tag:roll:bake-id", Values: [bakeId] }];
  const instances = await ec2.send(new DescribeInstancesCommand({ Filters: [...filter, { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }] }));
  const keys = await ec2.send(new DescribeKeyPairsCommand({ Filters: filter }));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }));
  return {
    instances: (instances.Reservations ?? []).flatMap((r) => r.Instances ?? []).length,
    keyPairs: keys.KeyPairs?.length ?? 0,
    securityGroups: groups.SecurityGroups?.length ?? 0,
  };
}

function deadPid(): number {
  const child = spawnSync("true");
  return child.pid!;
}

function context() {
  const events: RollEvent[] = [];
  return { events, ctx: { clients: cloud.clients, stateRoot, emit: (e: RollEvent) => void events.push(e), signal: new AbortController().signal } };
}

describe("roll gc", () => {
  it("leaves a live bake alone, removes a dead one's resources in dependency order, and keeps finished images", async () => {
    const live = await deadBakeResources("web", "bake-live");
    const dead = await deadBakeResources("api", "bake-dead");
    // A finished version of api (its temporary mark taken off) and a killed bake's image.
    const ec2 = cloud.clients.ec2();
    const kept = await ec2.send(new CreateImageCommand({ InstanceId: dead.instanceId, Name: "api-v1", TagSpecifications: [{ ResourceType: "image", Tags: tags("api", "bake-old", false) }] }));
    const unfinished = await ec2.send(new CreateImageCommand({ InstanceId: dead.instanceId, Name: "api-v2", TagSpecifications: [{ ResourceType: "image", Tags: tags("api", "bake-dead") }] }));

    // web's bake runs (this process holds its lock); api's bake died (its lock names a dead pid).
    const webLock = await acquireLock(appStateDir(stateRoot, "web"), { app: "web", command: "roll bake web" });
    mkdirSync(appStateDir(stateRoot, "api"), { recursive: true });
    writeFileSync(lockPath(appStateDir(stateRoot, "api")), JSON.stringify({ pid: deadPid(), host: hostname(), user: userInfo().username, command: "roll bake api", since: "" }));

    const dry = context();
    const listed = await collectGarbage(dry.ctx, { dryRun: true });
    expect(listed.bakes.map((b) => [b.bakeId, b.app, b.status])).toEqual(
      expect.arrayContaining([
        ["bake-live", "web", "in-use"],
        ["bake-dead", "api", "leftover"],
      ]),
    );
    expect(listed.bakes.find((b) => b.bakeId === "bake-live")!.reason).toMatch(/app "web" is locked by .*roll bake web/);
    expect(listed.bakes.find((b) => b.bakeId === "bake-dead")!.resources.map((r) => r.kind).sort()).toEqual(["image", "instance", "key-pair", "security-group"]);
    expect(listed.bakes.some((b) => b.bakeId === "bake-old")).toBe(false);
    expect(dry.events).toEqual([]);
    expect(await exists("bake-dead")).toEqual({ instances: 1, keyPairs: 1, securityGroups: 1 });

    const run = context();
    const report = await collectGarbage(run.ctx, { dryRun: false });
    expect(report.failed).toEqual([]);
    expect(await exists("bake-dead")).toEqual({ instances: 0, keyPairs: 0, securityGroups: 0 });
    expect(await exists("bake-live")).toEqual({ instances: 1, keyPairs: 1, securityGroups: 1 });
    // The group could only go once its instance was terminated: instance first, key pair last.
    const order = run.events.flatMap((e) => (e.type === "resource" && e.action === "deleted" ? [e.kind] : []));
    expect(order.indexOf("instance")).toBeLessThan(order.indexOf("security-group"));
    expect(order.indexOf("security-group")).toBeLessThan(order.indexOf("key-pair"));
    expect(order).toContain("image");
    const images = await ec2.send(new DescribeImagesCommand({ ImageIds: [kept.ImageId!] }));
    expect(images.Images![0]!.State).not.toBe("deregistered");
    const gone = await ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "image-id", Values: [unfinished.ImageId!] }] }));
    expect((gone.Images ?? []).filter((i) => i.State !== "deregistered")).toEqual([]);

    // Once web's bake has ended (its lock released), what it left is collected too.
    await webLock.release();
    const after = await collectGarbage(context().ctx, { dryRun: false });
    expect(after.bakes.map((b) => [b.bakeId, b.status])).toEqual([["bake-live", "leftover"]]);
    expect(await exists("bake-live")).toEqual({ instances: 0, keyPairs: 0, securityGroups: 0 });
    expect(live.instanceId).toMatch(/^i-/);
  }, 60_000);
});
