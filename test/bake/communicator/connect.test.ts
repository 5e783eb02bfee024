import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, readdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Communicator } from "../../../src/bake/communicator/index.js";
import { isRollError } from "../../../src/engine/errors.js";
import { startSshd, type TestSshd } from "../support/sshd.js";

let sshd: TestSshd;
let comm: Communicator;
let work: string;
const controller = new AbortController();

beforeAll(async () => {
  sshd = await startSshd();
  work = mkdtempSync(path.join(os.tmpdir(), "roll-comm-"));
  comm = await connect({
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.privateKey,
    timeoutMs: 10_000,
    signal: controller.signal,
    expectedHostKeys: [sshd.hostKeyFingerprint],
  });
});

afterAll(async () => {
  comm?.close();
  await sshd?.stop();
});

function remoteDir(name: string): string {
  const dir = path.join(sshd.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("exec", () => {
  it("streams stdout and stderr line by line and returns the exit code", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const result = await comm.exec("echo one; echo two; echo oops >&2; printf 'no newline'; exit 3", {
      onStdout: (line) => out.push(line),
      onStderr: (line) => err.push(line),
    });
    expect(result).toEqual({ exitCode: 3 });
    expect(out).toEqual(["one", "two", "no newline"]);
    expect(err).toEqual(["oops"]);
  });

  it("exports env values with quotes intact", async () => {
    const out: string[] = [];
    const result = await comm.exec('echo "$GREETING|$OTHER"', {
      env: { GREETING: "it's a $HOME test", OTHER: "x y" },
      onStdout: (line) => out.push(line),
    });
    expect(result.exitCode).toBe(0);
    expect(out).toEqual(["it's a $HOME test|x y"]);
  });

  it("reports the signal that killed the command", async () => {
    const result = await comm.exec("kill -KILL $$");
    expect(result.signal).toBe("SIGKILL");
  });

  it("stops a command when its own signal aborts", async () => {
    const local = new AbortController();
    const started = Date.now();
    const running = comm.exec("sleep 20", { signal: local.signal });
    setTimeout(() => local.abort(), 200);
    await expect(running).rejects.toMatchObject({ code: "cancelled" });
    expect(Date.now() - started).toBeLessThan(10_000);
    // the connection itself stays usable
    expect((await comm.exec("true")).exitCode).toBe(0);
  });
});

describe("scp", () => {
  it("uploads a buffer and a file, and downloads them back byte for byte", async () => {
    const dir = remoteDir("files");
    await comm.upload(Buffer.from("hello from memory\n"), `${dir}/memory.txt`, { mode: 0o600 });
    expect(readFileSync(`${dir}/memory.txt`, "utf8")).toBe("hello from memory\n");
    expect(statSync(`${dir}/memory.txt`).mode & 0o777).toBe(0o600);

    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
    const local = path.join(work, "big.bin");
    writeFileSync(local, big);
    await comm.upload(local, `${dir}/big.bin`);
    expect(readFileSync(`${dir}/big.bin`).equals(big)).toBe(true);

    const back = path.join(work, "big-back.bin");
    await comm.download(`${dir}/big.bin`, back);
    expect(readFileSync(back).equals(big)).toBe(true);
  });

  it("uploads directories with Packer's trailing-slash rule, nested", async () => {
    const src = path.join(work, "site");
    mkdirSync(path.join(src, "a", "b"), { recursive: true });
    writeFileSync(path.join(src, "top.txt"), "top");
    writeFileSync(path.join(src, "a", "mid.txt"), "mid");
    writeFileSync(path.join(src, "a", "b", "deep.txt"), "deep");

    const withDir = remoteDir("with-dir");
    await comm.uploadDirectory(src, withDir);
    expect(readFileSync(path.join(withDir, "site", "a", "b", "deep.txt"), "utf8")).toBe("deep");

    const contents = remoteDir("contents");
    await comm.uploadDirectory(`${src}/`, contents);
    expect(readdirSync(contents).sort()).toEqual(["a", "top.txt"]);
    expect(readFileSync(path.join(contents, "a", "mid.txt"), "utf8")).toBe("mid");
  });

  it("downloads a nested directory's contents", async () => {
    const remote = remoteDir("remote-tree");
    mkdirSync(path.join(remote, "x", "y"), { recursive: true });
    writeFileSync(path.join(remote, "r.txt"), "root file");
    writeFileSync(path.join(remote, "x", "y", "leaf.txt"), "leaf");
    const local = path.join(work, "downloaded");
    await comm.downloadDirectory(`${remote}/`, local);
    expect(readFileSync(path.join(local, "r.txt"), "utf8")).toBe("root file");
    expect(readFileSync(path.join(local, "x", "y", "leaf.txt"), "utf8")).toBe("leaf");
  });

  it("names the remote error when a download source is missing", async () => {
    await expect(comm.download(`${sshd.dir}/nope.txt`, path.join(work, "nope"))).rejects.toThrow(/nope\.txt.*No such file/);
    expect(existsSync(path.join(work, "nope"))).toBe(false);
  });
});

describe("connect", () => {
  it("refuses a host key that matches none of the expected fingerprints, without retrying", async () => {
    const started = Date.now();
    const error = await connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.privateKey,
      timeoutMs: 30_000,
      signal: new AbortController().signal,
      expectedHostKeys: ["SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    }).catch((e: unknown) => e);
    expect(isRollError(error) && error.code).toBe("ssh-host-key-mismatch");
    expect((error as Error).message).toContain(sshd.hostKeyFingerprint);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("times out naming the last error", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const error = await connect({
      host: "127.0.0.1",
      port: closed,
      username: "nobody",
      privateKey: sshd.privateKey,
      timeoutMs: 1_500,
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`^timed out after 2s waiting for SSH on 127\\.0\\.0\\.1:${closed}: last error: connect ECONNREFUSED`),
    );
  });

  it("keeps retrying a rejected key and reports the authentication failure", async () => {
    const stranger = ssh2.utils.generateKeyPairSync("ed25519").private;
    const error = await connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: stranger,
      timeoutMs: 1_500,
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/timed out after 2s .*last error: All configured authentication methods failed/);
  });

  it("connects through a bastion", async () => {
    const viaBastion = await connect({
      host: "127.0.0.1",
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.privateKey,
      timeoutMs: 10_000,
      signal: new AbortController().signal,
      expectedHostKeys: [sshd.hostKeyFingerprint],
      bastion: { host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey },
    });
    const out: string[] = [];
    await viaBastion.exec("echo $SSH_CONNECTION", { onStdout: (line) => out.push(line) });
    viaBastion.close();
    expect(out).toHaveLength(1);
  });

  it("authenticates with an ssh-agent when asked", async () => {
    const { spawn, spawnSync } = await import("node:child_process");
    const socket = path.join(work, "agent.sock");
    const agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
    try {
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
      const added = spawnSync("ssh-add", ["-"], { input: sshd.privateKey, env: { ...process.env, SSH_AUTH_SOCK: socket } });
      expect(added.status).toBe(0);
      const viaAgent = await connect({
        host: sshd.host,
        port: sshd.port,
        username: sshd.username,
        agent: socket,
        timeoutMs: 10_000,
        signal: new AbortController().signal,
        expectedHostKeys: [sshd.hostKeyFingerprint],
      });
      expect((await viaAgent.exec("true")).exitCode).toBe(0);
      viaAgent.close();
    } finally {
      agent.kill("SIGTERM");
    }
  });

  it("closes the connection when the run's signal aborts", async () => {
    const run = new AbortController();
    const session = await connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.privateKey,
      timeoutMs: 10_000,
      signal: run.signal,
    });
    const running = session.exec("sleep 30");
    setTimeout(() => run.abort(), 200);
    await expect(running).rejects.toMatchObject({ code: "cancelled" });
    await session.closed;
    await expect(session.exec("true")).rejects.toMatchObject({ code: "cancelled" });
  });
});
