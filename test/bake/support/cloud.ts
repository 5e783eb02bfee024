// A sandbox cloud for builder tests, and the questions the tests ask it through the real SDK.

import { uniqueIpPrefix } from "../../support/ip-prefix.js";
import { DescribeImagesCommand, DescribeInstancesCommand, DescribeKeyPairsCommand, DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cloudClients, type CloudClients } from "../../../src/cloud/target.js";
import { startSandbox } from "@roll/sandbox/server";

export async function startTestCloud() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bake-sandbox-"));
  // A /16 of loopback of our own, so parallel test files never share instance addresses.
  const ipPrefix = uniqueIpPrefix();
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix, timing: { imagePendingMs: 200, instancePendingMs: 100, instanceStoppingMs: 100, instanceShuttingDownMs: 100 } });
  const clients = cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: sandbox.endpoint });
  return {
    sandbox,
    clients,
    async close() {
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const byBake = (bakeId: string) => [{ Name: "tag:roll:bake-id", Values: [bakeId] }];

/** Temporaries of a bake that still exist (terminated instances do not count). */
export async function leftovers(clients: CloudClients, bakeId: string) {
  const ec2 = clients.ec2();
  const instances = await ec2.send(new DescribeInstancesCommand({ Filters: byBake(bakeId) }));
  const keys = await ec2.send(new DescribeKeyPairsCommand({ Filters: byBake(bakeId) }));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: byBake(bakeId) }));
  return {
    instances: (instances.Reservations ?? [])
      .flatMap((r) => r.Instances ?? [])
      .filter((i) => i.State?.Name !== "terminated")
      .map((i) => `${i.InstanceId} ${i.State?.Name}`),
    keyPairs: (keys.KeyPairs ?? []).map((k) => k.KeyName),
    securityGroups: (groups.SecurityGroups ?? []).map((g) => g.GroupId),
  };
}

/** Images (in a region) that carry the bake id, whatever their state. */
export async function imagesOfBake(clients: CloudClients, bakeId: string, region?: string) {
  const result = await clients.ec2(region).send(new DescribeImagesCommand({ Owners: ["self"], Filters: byBake(bakeId) }));
  return result.Images ?? [];
}
