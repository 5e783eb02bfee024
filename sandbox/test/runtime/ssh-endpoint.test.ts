// The instance's SSH endpoint, through real clients: ssh2's Client and the OpenSSH binaries.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningInstance } from "../../src/runtime/index.js";
import { connect, createHarness, exec, makeUserKey, opensshOptions, runHost, ssh, type Harness } from "./helpers.js";

let h: Harness;
let instance: RunningInstance;

beforeAll(async () => {
  h = createHarness(150);
  instance = await h.runtime.boot(await h.spec());
});
afterAll(async () => h.cleanup());

describe("exec over ssh2", () => {
  it("returns exit codes, stdout and stderr separately", async () => {
    const { client } = await connect(instance, h.key.privateKey);
    try {
      const result = await exec(client, "echo out; echo err >&2; exit 7");
      expect(result).toMatchObject({ stdout: "out\n", stderr: "err\n", code: 7 });
      expect((await exec(client, "true")).code).toBe(0);
    } finally {
      client.end();
    }
  });

  it("streams output while the command runs", async () => {
    const { client } = await connect(instance, h.key.privateKey);
    try {
      const arrivals: number[] = [];
      const started = Date.now();
      const result = await exec(client, "echo one; sleep 0.6; echo two", { onStdout: () => arrivals.push(Date.now() - started) });
      expect(result.stdout).toBe("one\ntwo\n");
      // The first line arrived well before the command ended.
      expect(arrivals[0]).toBeLessThan(500);
      expect(arrivals.at(-1)!).toBeGreaterThanOrEqual(550);
    } finally {
      client.end();
    }
  });

  it("reports a command killed by a signal", async () => {
    const { client } = await connect(instance, h.key.privateKey);
    try {
      const result = await exec(client, "kill -TERM $$");
      expect(result.code).toBeNull();
      // ssh2's client reports the wire name ("TERM") with its SIG prefix.
      expect(result.signal).toBe("SIGTERM");
    } finally {
      client.end();
    }
  });

  it("gives each login user its home and the instance's identity", async () => {
    for (const user of ["ec2-user", "ubuntu", "admin"]) {
      const { client } = await connect(instance, h.key.privateKey, user);
      try {
        const result = await exec(client, 'echo "$USER|$HOME|$(pwd)|$INSTANCE_ID|$LOCAL_IPV4|$(hostname)|$(id -u)"');
        const home = `/home/${user}`;
        expect(result.stdout.trim()).toBe(`${user}|${home}|${home}|${instance.instanceId}|${instance.ip}|ip-${instance.ip.replace(/\./g, "-")}|0`);
      } finally {
        client.end();
      }
    }
  });

  it("answers root with the launch key as cloud-init does: the user to log in as, exit 142", async () => {
    const result = await ssh(instance, h.key, "id", [], "root");
    expect(result).toMatchObject({ stdout: 'Please login as the user "ec2-user" rather than the user "root".\n\n', code: 142 });
  });

  it("refuses users the image does not have, and keys an account does not list", async () => {
    const unknown = await ssh(instance, h.key, "true", [], "centos");
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toContain("Permission denied (publickey)");
    // An account made on the instance logs in only with a key in its own ~/.ssh/authorized_keys.
    const other = makeUserKey(h.tmp, "deploy-key");
    const setup = await ssh(instance, h.key, `useradd -m -s /bin/bash deploy && mkdir -p /home/deploy/.ssh && echo '${other.publicKey}' > /home/deploy/.ssh/authorized_keys && echo ok`);
    expect(setup.stdout.trim()).toBe("ok");
    expect((await ssh(instance, h.key, "true", [], "deploy")).code).toBe(255);
    const deploy = await ssh(instance, other, 'echo "$USER $HOME"', [], "deploy");
    expect(deploy.stdout.trim()).toBe("deploy /home/deploy");
  });

  it("gives the default users passwordless sudo", async () => {
    for (const user of ["ec2-user", "ubuntu", "admin"]) {
      const result = await ssh(instance, h.key, "sudo -n true && sudo -n -H -u root sh -c 'echo $USER $HOME' && sudo -E -S id -u </dev/null", [], user);
      expect(result).toMatchObject({ stdout: "root /root\n0\n", code: 0 });
    }
  });

  it("passes the session's env requests to the command", async () => {
    const { client } = await connect(instance, h.key.privateKey);
    try {
      const result = await new Promise<string>((resolve, reject) => {
        client.exec('echo "$ROLL_GREETING"', { env: { ROLL_GREETING: "it's a test" } }, (err, channel) => {
          if (err) return reject(err);
          let out = "";
          channel.on("data", (d: Buffer) => (out += d)).on("close", () => resolve(out));
        });
      });
      expect(result).toBe("it's a test\n");
    } finally {
      client.end();
    }
  });

  it("runs sudo the way templates call it", async () => {
    const { client } = await connect(instance, h.key.privateKey);
    try {
      const result = await exec(client, "echo packer | sudo -S -E sh -c 'echo $(id -u) $FOO' && sudo -n -u root FOO=bar sh -c 'echo $FOO' && sudo -i pwd");
      expect(result).toMatchObject({ stdout: "0\nbar\n/root\n", code: 0 });
    } finally {
      client.end();
    }
  });

  it("serves a shell with a pty", async () => {
    const { client } = await connect(instance, h.key.privateKey);
    try {
      const output = await new Promise<string>((resolve, reject) => {
        client.shell({ term: "xterm", cols: 100, rows: 30 }, (err, channel) => {
          if (err) return reject(err);
          let out = "";
          channel.on("data", (d: Buffer) => (out += d)).on("close", () => resolve(out));
          channel.end("tty -s && echo has-tty; stty size; exit\n");
        });
      });
      expect(output).toContain("has-tty");
      expect(output).toContain("30 100");
    } finally {
      client.end();
    }
  });
});

describe("authentication", () => {
  it("refuses a key that is not authorized", async () => {
    const stranger = makeUserKey(h.tmp, "stranger");
    await expect(connect(instance, stranger.privateKey)).rejects.toThrow(/authentication methods failed/);
    const result = await ssh(instance, stranger, "true");
    expect(result.code).toBe(255);
    expect(result.stderr).toContain("Permission denied (publickey)");
  });

  it("refuses users other than the cloud images' login users", async () => {
    await expect(connect(instance, h.key.privateKey, "mallory")).rejects.toThrow(/authentication methods failed/);
  });
});

describe("host key", () => {
  it("is the one the console prints between cloud-init's markers", async () => {
    const { client, hostKeyFingerprint } = await connect(instance, h.key.privateKey);
    client.end();
    const console = instance.consoleOutput();
    const block = /-----BEGIN SSH HOST KEY FINGERPRINTS-----\n([\s\S]*?)\n-----END SSH HOST KEY FINGERPRINTS-----/.exec(console);
    expect(block, console).not.toBeNull();
    expect(block![1]).toBe(`256 ${hostKeyFingerprint} root@ip-${instance.ip.replace(/\./g, "-")} (ED25519)`);
    expect(instance.hostKeyFingerprints).toEqual([block![1]]);
  });

  it("differs between instances", async () => {
    const other = await h.runtime.boot(await h.spec());
    expect(other.hostKeyFingerprints[0]).not.toBe(instance.hostKeyFingerprints[0]);
    await other.stop();
  });
});

describe("OpenSSH clients", () => {
  it("ssh runs a command and returns its status", async () => {
    const result = await ssh(instance, h.key, "echo hello from $(hostname); exit 4");
    expect(result.stdout).toBe(`hello from ip-${instance.ip.replace(/\./g, "-")}\n`);
    expect(result.code).toBe(4);
  });

  it("ssh -tt gets a terminal", async () => {
    const result = await ssh(instance, h.key, "tty", ["-tt"]);
    expect(result.stdout).toMatch(/^\/dev\/pts\/\d+/);
    expect(result.code).toBe(0);
  });

  it("scp copies files both ways, over sftp and the legacy protocol", async () => {
    const local = path.join(h.tmp, "upload.txt");
    writeFileSync(local, "uploaded by scp\n");
    for (const mode of [[], ["-O"]]) {
      const target = `/tmp/upload${mode.length}.txt`;
      const up = await runHost("scp", [...opensshOptions(h.key), "-P", String(instance.sshPort), ...mode, local, `ec2-user@${instance.ip}:${target}`]);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      expect((await ssh(instance, h.key, `cat ${target}`)).stdout).toBe("uploaded by scp\n");
      const back = path.join(h.tmp, `download${mode.length}.txt`);
      const down = await runHost("scp", [...opensshOptions(h.key), "-P", String(instance.sshPort), ...mode, `ec2-user@${instance.ip}:${target}`, back]);
      expect(down.code).toBe(0);
      expect(readFileSync(back, "utf8")).toBe("uploaded by scp\n");
    }
  });

  it("sftp lists and fetches files", async () => {
    await ssh(instance, h.key, "mkdir -p /srv/files && echo via-sftp > /srv/files/a.txt");
    const result = await runHost(
      "sftp",
      [...opensshOptions(h.key), "-P", String(instance.sshPort), "-b", "-", `ec2-user@${instance.ip}`],
      `ls /srv/files\nget /srv/files/a.txt ${path.join(h.tmp, "a.txt")}\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("/srv/files/a.txt");
    expect(readFileSync(path.join(h.tmp, "a.txt"), "utf8")).toBe("via-sftp\n");
  });

  it("keeps a session alive across keepalives", async () => {
    const result = await ssh(instance, h.key, "sleep 2.2; echo still-here", ["-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1"]);
    expect(result).toMatchObject({ stdout: "still-here\n", code: 0 });
  });
});
