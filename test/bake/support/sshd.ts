// A real OpenSSH server on loopback for the communicator and provisioner tests: temp host key,
// temp authorized_keys, random free port, foreground (-D) so the test owns the process.

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import { fingerprintOf } from "../../../src/bake/communicator/host-keys.js";

export interface TestSshd {
  host: string;
  port: number;
  username: string;
  /** The client key sshd accepts (OpenSSH private key text, in memory). */
  privateKey: string;
  /** "SHA256:…" of the server's host key. */
  hostKeyFingerprint: string;
  dir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startSshd(): Promise<TestSshd> {
  mkdirSync("/run/sshd", { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), "roll-sshd-"));
  const hostKeyPath = path.join(dir, "host_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKeyPath]);
  const hostKeyBlob = Buffer.from(readFileSync(`${hostKeyPath}.pub`, "utf8").split(" ")[1]!, "base64");
  const client = ssh2.utils.generateKeyPairSync("ed25519");
  writeFileSync(path.join(dir, "authorized_keys"), `${client.public}\n`);
  const port = await freePort();
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${hostKeyPath}`,
    `PidFile ${path.join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
    "StrictModes no",
    "UsePAM no",
    "PermitRootLogin yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "AllowTcpForwarding yes",
    "MaxStartups 100",
    "MaxSessions 50",
    "LogLevel ERROR",
  ].join("\n");
  const configPath = path.join(dir, "sshd_config");
  writeFileSync(configPath, `${config}\n`);
  const child: ChildProcess = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    host: "127.0.0.1",
    port,
    username: os.userInfo().username,
    privateKey: client.private,
    hostKeyFingerprint: fingerprintOf(hostKeyBlob),
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
