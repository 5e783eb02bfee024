// Independent SSH client implementations log in to sandbox instances with key pairs from CreateKeyPair
// and run a command: OpenSSH, paramiko, libssh, dropbear's dbclient and Go's x/crypto/ssh, for every RSA
// signature algorithm each can be told to use (rsa-sha2-256/512, ssh-rsa), ed25519 and
// ecdsa-sha2-nistp256. Strict clients (Go, dropbear, libssh) first ask whether a key would do and give
// up when the SSH_MSG_USERAUTH_PK_OK does not repeat the algorithm they asked with (RFC 4252 §7).
// EC2 key pairs are RSA or ed25519 only, so the ECDSA key is added by user data to ec2-user's
// ~/.ssh/authorized_keys, as users do on real instances.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateKeyPairCommand, DescribeImagesCommand, RunInstancesCommand, TerminateInstancesCommand, waitUntilInstanceRunning } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../src/runtime/index.js";
import { eventually, startTestSandbox, type TestSandbox } from "../helpers.js";
import { sshExec } from "../ssh-exec.js";
import { buildCompiledClients, dropbear, openssh, paramiko, runProgram, type SshClientProgram } from "./client-programs.js";

let t: TestSandbox;
let tmp: string;
const keyFiles: Record<"rsa" | "ed25519" | "ecdsa", string> = { rsa: "", ed25519: "", ecdsa: "" };
const hosts: Record<"rsa" | "ed25519", string> = { rsa: "", ed25519: "" };
const instanceIds: string[] = [];
const clients: SshClientProgram[] = [openssh, paramiko, dropbear()];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), "roll-ssh-clients-"));
  const built = buildCompiledClients(path.join(tmp, "bin"));
  t = await startTestSandbox({ runtime: (dataDir) => createRuntime({ dataDir }), timing: { instancePendingMs: 50 } });

  keyFiles.ecdsa = path.join(tmp, "ecdsa");
  const keygen = await runProgram("ssh-keygen", ["-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "ecdsa-user", "-f", keyFiles.ecdsa]);
  if (keygen.code !== 0) throw new Error(keygen.stderr);
  const ecdsaPublic = readFileSync(`${keyFiles.ecdsa}.pub`, "utf8").trim();
  const userData = `#!/bin/sh\nmkdir -p /home/ec2-user/.ssh\necho '${ecdsaPublic}' >> /home/ec2-user/.ssh/authorized_keys\n`;

  const base = await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  for (const type of ["rsa", "ed25519"] as const) {
    const key = await t.ec2.send(new CreateKeyPairCommand({ KeyName: `clients-${type}`, KeyType: type }));
    keyFiles[type] = path.join(tmp, type);
    writeFileSync(keyFiles[type], key.KeyMaterial!, { mode: 0o600 });
    const run = await t.ec2.send(
      new RunInstancesCommand({ ImageId: base.Images![0]!.ImageId!, MinCount: 1, MaxCount: 1, KeyName: `clients-${type}`, UserData: Buffer.from(userData).toString("base64") }),
    );
    instanceIds.push(run.Instances![0]!.InstanceId!);
    hosts[type] = run.Instances![0]!.PrivateIpAddress!;
  }
  await waitUntilInstanceRunning({ client: t.ec2, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.5 }, { InstanceIds: instanceIds });
  // User data runs once SSH is up; wait until it has written the ECDSA key.
  const rsaKey = readFileSync(keyFiles.rsa, "utf8");
  await eventually(async () => (await sshExec(hosts.rsa, rsaKey, "cat /home/ec2-user/.ssh/authorized_keys 2>/dev/null")).includes("ecdsa-user"), 30_000, "user data");
  const { libssh, go } = await built;
  clients.push(libssh, go);
}, 300_000);

afterAll(async () => {
  if (t && instanceIds.length > 0) await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds }));
  await t?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every (client, key, algorithm) combination; the clients run side by side. */
function matrix(): Array<{ client: SshClientProgram; key: "rsa" | "ed25519" | "ecdsa"; algo: string }> {
  return clients.flatMap((client) => [
    ...client.rsaAlgos.map((algo) => ({ client, key: "rsa" as const, algo })),
    { client, key: "ed25519" as const, algo: "default" },
    { client, key: "ecdsa" as const, algo: "default" },
  ]);
}

/** Runs `work` over `items`, `width` at a time (a busy two-core CI machine times out 22 handshakes at once). */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

describe("every client logs in and runs a command", () => {
  it("with each key type and RSA signature algorithm it supports", async () => {
    const cases = matrix();
    expect(cases.map((c) => c.client.name)).toEqual(expect.arrayContaining(["OpenSSH", "paramiko", "libssh", "dropbear dbclient", "Go x/crypto/ssh"]));
    const results = await inBatches(
      cases,
      4,
      async ({ client, key, algo }) => {
        const host = key === "ed25519" ? hosts.ed25519 : hosts.rsa;
        const outcome = await client.run({ host, port: 22, user: "ec2-user", keyFile: keyFiles[key], algo, command: 'echo "logged-in-as-$USER-on-$(hostname)"' });
        const seen = `${outcome.code} ${outcome.stdout.trim()} ${outcome.code === 0 ? "" : outcome.stderr.trim()}`.trim();
        return { login: `${client.name} ${key} ${algo}`, seen, expected: `0 logged-in-as-ec2-user-on-ip-${host.replaceAll(".", "-")}` };
      },
    );
    // All combinations compared at once, so a failure shows every client that failed.
    expect(results.map((r) => `${r.login}: ${r.seen}`)).toEqual(results.map((r) => `${r.login}: ${r.expected}`));
  }, 240_000);
});

describe("methods other than publickey", () => {
  it("answers `none` and keyboard-interactive with a failure that lists publickey (paramiko)", async () => {
    const probe = await runProgram("/usr/bin/python3", [path.join(import.meta.dirname, "programs", "paramiko-client.py"), hosts.rsa, "22", "ec2-user", "--probe-methods"]);
    expect(probe.stdout).toBe("none refused, allowed: publickey\nkeyboard-interactive refused, allowed: publickey\n");
  });

  it("refuses OpenSSH's keyboard-interactive and password attempts cleanly", async () => {
    const result = await runProgram("ssh", [
      "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "PreferredAuthentications=keyboard-interactive,password",
      `ec2-user@${hosts.rsa}`, "true",
    ]);
    expect(result.code).toBe(255);
    expect(result.stderr).toContain("Permission denied (publickey).");
  });
});
