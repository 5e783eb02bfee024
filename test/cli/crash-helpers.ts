// Shared by the crash-safety tests: the real CLI as a child process against a sandbox daemon of the
// test's own, SIGKILL right after a phase's first NDJSON event, and what the cloud still holds of a bake.

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
} from "@aws-sdk/client-ec2";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cliEnvironment, clientsFor, runCli, startCli } from "./cli-helpers.js";

export const cli = { env: {} as NodeJS.ProcessEnv, sandboxDir: "" };

/** A sandbox daemon of this test file's own, started before its tests and stopped after. */
export function useCliSandbox(): void {
  beforeAll(async () => {
    const made = await cliEnvironment();
    Object.assign(cli, { env: made.env, sandboxDir: made.sandboxDir });
    const up = await runCli(["sandbox", "up"], cli.env);
    expect(up.code, up.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    if (cli.sandboxDir) await runCli(["sandbox", "down"], cli.env);
  });
}

export type Event = Record<string, unknown>;

export const PHASES: Array<[string, (e: Event) => boolean]> = [
  ["key pair created", (e) => e.type === "resource" && e.action === "created" && e.kind === "key-pair"],
  ["security group created", (e) => e.type === "resource" && e.action === "created" && e.kind === "security-group"],
  ["instance created", (e) => e.type === "resource" && e.action === "created" && e.kind === "instance"],
  ["connected", (e) => e.type === "log" && String(e.message).startsWith("connected over SSH")],
  ["provisioning", (e) => e.type === "provisioner" && e.status === "start"],
  ["stopped", (e) => e.type === "log" && /^builder instance \S+ stopped$/.test(String(e.message))],
  ["image created", (e) => e.type === "resource" && e.action === "created" && e.kind === "image"],
];

/** Runs `roll bake demo --json` and kills it with SIGKILL on the first event that matches. */
export async function bakeKilledAt(match: (e: Event) => boolean): Promise<{ events: Event[]; killed: boolean }> {
  const child = startCli(["bake", "demo", "--json"], cli.env);
  const events: Event[] = [];
  let killed = false;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const event = JSON.parse(line) as Event;
    events.push(event);
    if (!killed && match(event)) {
      killed = true;
      child.kill("SIGKILL");
    }
  });
  const result = await child.result;
  expect(killed, `the bake ended (code ${result.code}) before the phase came: ${result.stderr}`).toBe(true);
  return { events, killed };
}

/** Everything in the cloud that still carries the bake id (terminated instances and deregistered images are gone). */
export async function remainingOf(bakeId: string) {
  const ec2 = clientsFor(cli.sandboxDir).ec2();
  const byBake = [{ Name: "tag:roll:bake-id", Values: [bakeId] }];
  const [instances, keys, groups, images, snapshots] = await Promise.all([
    ec2.send(new DescribeInstancesCommand({ Filters: byBake })),
    ec2.send(new DescribeKeyPairsCommand({ Filters: byBake })),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: byBake })),
    ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: byBake })),
    ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"], Filters: byBake })),
  ]);
  return [
    ...(instances.Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== "terminated").map((i) => `instance ${i.InstanceId}`),
    ...(keys.KeyPairs ?? []).map((k) => `key-pair ${k.KeyName}`),
    ...(groups.SecurityGroups ?? []).map((g) => `security-group ${g.GroupId}`),
    ...(images.Images ?? []).filter((i) => i.State !== "deregistered").map((i) => `image ${i.ImageId}`),
    ...(snapshots.Snapshots ?? []).map((s) => `snapshot ${s.SnapshotId}`),
  ];
}

/** Ids of the instances the cloud shows (terminated ones drop out after a while). */
export async function instanceIds(): Promise<Set<string>> {
  const answer = await clientsFor(cli.sandboxDir).ec2().send(new DescribeInstancesCommand({}));
  return new Set((answer.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId!));
}

/** Kills a bake at the phase, then checks that `roll gc` (and first, when asked, its dry run) finds and removes all of it. */
export function killAndCollect(phase: string, match: (e: Event) => boolean, options: { dryRun?: boolean } = {}): void {
  it(`at "${phase}" leaves only what roll gc removes completely`, async () => {
    const { events } = await bakeKilledAt(match);
    const keyPair = events.find((e) => e.type === "resource" && e.kind === "key-pair" && e.action === "created");
    const bakeId = String(keyPair!.id).replace(/^roll-/, "");
    expect(await remainingOf(bakeId)).not.toEqual([]);

    if (options.dryRun) {
      const dryRun = await runCli(["gc", "--dry-run", "--json"], cli.env);
      expect(dryRun.code, dryRun.stderr).toBe(0);
      const listed = JSON.parse(dryRun.stdout) as { bakes: Array<{ bakeId: string; app: string; status: string }> };
      expect(listed.bakes.find((b) => b.bakeId === bakeId)).toMatchObject({ app: "demo", status: "leftover" });
      expect(await remainingOf(bakeId)).not.toEqual([]); // a dry run removes nothing
    }

    const gc = await runCli(["gc", "--json"], cli.env);
    expect(gc.code, gc.stderr).toBe(0);
    const report = JSON.parse(gc.stdout) as { bakes: Array<{ bakeId: string; status: string }>; removed: Array<{ id: string }>; failed: unknown[] };
    expect(report.bakes.find((b) => b.bakeId === bakeId)).toMatchObject({ status: "leftover" });
    expect(report.failed).toEqual([]);
    expect(await remainingOf(bakeId)).toEqual([]);
    const image = events.find((e) => e.type === "resource" && e.kind === "image" && e.action === "created");
    if (image) expect(report.removed.map((r) => r.id)).toContain(image.id);
  }, 90_000);
}
