// Shared set-up for end-to-end tests: a real sandbox over HTTP, the repo's own project (stacks/ and
// templates/), a temp state folder, and an event log to assert on.

import { DescribeInstancesCommand, DescribeKeyPairsCommand, DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { get } from "node:http";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cloudClients, type CloudClients } from "../../src/cloud/target.js";
import type { RollEvent } from "../../src/engine/events.js";
import type { RunContext } from "../../src/pipelines/context.js";
import { startSandbox, type SandboxOptions } from "@roll/sandbox/server";
import { uniqueIpPrefix } from "../support/ip-prefix.js";

export const projectRoot = resolve(import.meta.dirname, "../..");

export { uniqueIpPrefix };

export async function startTestCloud(options: Pick<SandboxOptions, "faults" | "timing"> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), "roll-e2e-sandbox-"));
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: uniqueIpPrefix(), ...options });
  const clients = cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: sandbox.endpoint });
  const stateRoot = await mkdtemp(join(tmpdir(), "roll-e2e-state-"));
  return { sandbox, clients, stateRoot, dataDir };
}

export function recordingContext(clients: CloudClients, stateRoot: string, signal = new AbortController().signal) {
  const events: RollEvent[] = [];
  const ctx: RunContext = { projectRoot, stateRoot, clients, emit: (event) => events.push(event), signal };
  return { ctx, events };
}

export function httpText(url: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    get(url, { agent: false, timeout: 2000 }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolvePromise(body.trim()));
    }).on("error", reject);
  });
}

/** What every instance of the fleet answers on /version, keyed by instance id. */
export async function fleetVersions(clients: CloudClients, ids: string[]): Promise<Record<string, string>> {
  const answer = await clients.ec2().send(new DescribeInstancesCommand({ InstanceIds: ids }));
  const result: Record<string, string> = {};
  for (const reservation of answer.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      result[instance.InstanceId!] = await httpText(`http://${instance.PrivateIpAddress}:8080/version`).catch((e) => `error: ${e.message}`);
    }
  }
  return result;
}

/** Temporary bake resources still present: must always be empty after a run. */
export async function leftovers(clients: CloudClients) {
  const ec2 = clients.ec2();
  const instances = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: "tag-key", Values: ["roll:bake-id"] },
        { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] },
      ],
    }),
  );
  const keys = await ec2.send(new DescribeKeyPairsCommand({}));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
  return {
    instances: (instances.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId),
    keyPairs: (keys.KeyPairs ?? []).map((k) => k.KeyName),
    securityGroups: (groups.SecurityGroups ?? []).filter((g) => g.GroupName !== "default").map((g) => g.GroupName),
  };
}
