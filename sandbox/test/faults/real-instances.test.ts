// Faults and publish-base with the real instance runtime: a newer vendor base image whose packages
// differ (dpkg-query inside instances shows it), and SSH that refuses for a while after boot.

import { sshExec } from "../ssh-exec.js";
import { CreateKeyPairCommand, DescribeImagesCommand, RunInstancesCommand, TerminateInstancesCommand, waitUntilInstanceRunning } from "@aws-sdk/client-ec2";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PublishedBaseResult } from "../../src/model/base-images.js";
import { createRuntime } from "../../src/runtime/index.js";
import { eventually, startTestSandbox, type TestSandbox } from "../helpers.js";
import { putFaults } from "./helpers.js";

let t: TestSandbox;
let privateKey: string;
beforeAll(async () => {
  t = await startTestSandbox({ runtime: (dataDir) => createRuntime({ dataDir }), timing: { instancePendingMs: 50 } });
  privateKey = (await t.ec2.send(new CreateKeyPairCommand({ KeyName: "faults", KeyType: "ed25519" }))).KeyMaterial!;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

function ssh(host: string, command: string): Promise<string> {
  return sshExec(host, privateKey, command);
}

function tcpConnect(host: string, port: number): Promise<"open" | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("open");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function launch(imageId: string): Promise<{ id: string; ip: string }> {
  const run = await t.ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, KeyName: "faults" }));
  const instance = run.Instances![0]!;
  await waitUntilInstanceRunning({ client: t.ec2, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.3 }, { InstanceIds: [instance.InstanceId!] });
  return { id: instance.InstanceId!, ip: instance.PrivateIpAddress! };
}

it("publishes a newer base image that most_recent picks, whose packages are newer inside instances", async () => {
  const before = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  const old = before.Images!.sort((a, b) => Date.parse(b.CreationDate!) - Date.parse(a.CreationDate!))[0]!;

  const response = await fetch(`${t.sandbox.endpoint}/__sandbox/publish-base`, { method: "POST" });
  expect(response.status).toBe(200);
  const published = (await response.json()) as PublishedBaseResult;
  expect(published.name).toMatch(/^sandbox-linux-base-\d{4}\.\d{2}\.\d+-x86_64$/);
  expect(published.previous).toBe(old.Name);
  expect(published.packages.length).toBeGreaterThan(0);

  const after = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  const newest = after.Images!.sort((a, b) => Date.parse(b.CreationDate!) - Date.parse(a.CreationDate!))[0]!;
  expect(newest.Name).toBe(published.name);
  expect(newest.ImageId).toBe(published.images["us-east-1"]);
  expect(newest.ImageOwnerAlias).toBe("amazon");
  expect(Date.parse(newest.CreationDate!)).toBeGreaterThan(Date.parse(old.CreationDate!));

  const [oldInstance, newInstance] = await Promise.all([launch(old.ImageId!), launch(newest.ImageId!)]);
  const change = published.packages[0]!;
  const query = `dpkg-query -W -f '\${Package} \${Version}\\n' ${change.name}; dpkg-query -W | wc -l; cat /etc/sandbox-base-release 2>/dev/null || echo no-release-file`;
  const oldOut = await ssh(oldInstance.ip, query);
  const newOut = await ssh(newInstance.ip, query);
  expect(oldOut).toContain(`${change.name} ${change.from}\n`);
  expect(newOut).toContain(`${change.name} ${change.to}\n`);
  expect(Number(oldOut.split("\n")[1])).toBeGreaterThan(10); // the base layer lists the packages
  expect(oldOut).toContain("no-release-file");
  expect(newOut).toContain(`NAME=${published.name}`);
  await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [oldInstance.id, newInstance.id] }));
}, 120_000);

it("has new instances refuse SSH for the configured time after boot, then accept it", async () => {
  await putFaults(t.sandbox.endpoint, { sshRefuseMs: 3000 });
  const images = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
  const instance = await launch(images.Images![0]!.ImageId!);
  await putFaults(t.sandbox.endpoint, {});
  expect(await tcpConnect(instance.ip, 22)).toBe("ECONNREFUSED");
  const refusedUntil = Date.now();
  await eventually(async () => (await tcpConnect(instance.ip, 22)) === "open", 10_000, "ssh to accept connections");
  console.log(`ssh refused, then accepted ${Date.now() - refusedUntil} ms after the first refusal`);
  expect(await ssh(instance.ip, "echo ready")).toContain("ready");
  await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.id] }));
}, 60_000);
