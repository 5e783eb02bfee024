// What a provisioner does inside an instance stays inside: the host's files, devices, hostname and
// processes are out of reach, even for root.

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningInstance } from "../../src/runtime/index.js";
import { connect, createHarness, exec, type Harness } from "./helpers.js";

let h: Harness;
let instance: RunningInstance;
const marker = `roll-confinement-test-${process.pid}`;

beforeAll(async () => {
  h = createHarness(151);
  instance = await h.runtime.boot(await h.spec());
});
afterAll(async () => h.cleanup());

async function run(command: string) {
  const { client } = await connect(instance, h.key.privateKey);
  try {
    return await exec(client, command);
  } finally {
    client.end();
  }
}

describe("filesystem", () => {
  it("writes to /etc, /tmp, /opt and /usr land in the instance, never on the host", async () => {
    const hostOpt = readdirSync("/opt");
    const hostDoc = "/usr/share/doc/bash";
    expect(existsSync(hostDoc)).toBe(true);

    const result = await run(
      [
        "set -e",
        `echo inside > /etc/${marker}`,
        `echo inside > /tmp/${marker}`,
        `mkdir -p /opt/app && echo x > /opt/app/file && rm -rf /opt/*`,
        `echo inside > /usr/local/bin/${marker}`,
        `rm -rf ${hostDoc}`,
        `cat /etc/${marker} /tmp/${marker} /usr/local/bin/${marker}`,
        `ls -A /opt | wc -l`,
        `test ! -e ${hostDoc} && echo doc-gone`,
      ].join("\n"),
    );
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ stdout: "inside\ninside\ninside\n0\ndoc-gone\n", code: 0 });

    expect(existsSync(`/etc/${marker}`)).toBe(false);
    expect(existsSync(`/tmp/${marker}`)).toBe(false);
    expect(existsSync(`/usr/local/bin/${marker}`)).toBe(false);
    expect(readdirSync("/opt")).toEqual(hostOpt);
    expect(existsSync(hostDoc)).toBe(true);

    // …and they persist inside the instance (except /tmp, which is a tmpfs as on many distributions).
    expect((await run(`cat /etc/${marker} /usr/local/bin/${marker}`)).stdout).toBe("inside\ninside\n");
  });

  it("sees the host's tools (node, scp) read-only underneath its own /usr", async () => {
    const result = await run("command -v node && command -v scp && node -e 'console.log(40 + 2)'");
    expect(result).toMatchObject({ stdout: "/usr/bin/node\n/usr/bin/scp\n42\n", code: 0 });
  });
});

describe("privileges", () => {
  it("root inside cannot create device nodes, mount, or change the host's hostname", async () => {
    const result = await run(
      [
        "mknod /tmp/disk b 8 0 && echo mknod-allowed",
        "mount -t tmpfs none /mnt 2>/dev/null && echo mount-allowed",
        "mount -o remount,rw /proc/sys 2>/dev/null && echo remount-allowed",
        "hostname evil 2>/dev/null && echo hostname-allowed",
        "echo 1 > /proc/sys/vm/drop_caches 2>/dev/null && echo sysctl-allowed",
        "grep CapBnd /proc/self/status",
        "true",
      ].join("; "),
    );
    expect(result.stdout).not.toMatch(/allowed/);
    // Docker's default set without CAP_SYS_CHROOT: bits 0,1,3-8,10,13,29,31.
    expect(result.stdout).toContain("CapBnd:\t00000000a00025fb");
    expect(hostname()).not.toBe("evil");
  });

  it("has a minimal /dev without the host's disks", async () => {
    const result = await run("ls /dev | sort | tr '\\n' ' '; find /dev -type b | wc -l");
    expect(result.stdout).toBe("fd full null ptmx pts random shm stderr stdin stdout tty urandom zero 0\n");
  });

  it("sees only its own processes, with its init as PID 1", async () => {
    const result = await run("ps -e -o pid=,comm= | awk '{print $1}' | head -1; ps -e | wc -l");
    const [firstPid, count] = result.stdout.trim().split("\n").map(Number);
    expect(firstPid).toBe(1);
    expect(count).toBeLessThan(12);
    // And the host's hostname file is untouched by the instance's boot.
    expect(readFileSync("/etc/hostname", "utf8")).not.toContain(instance.ip.replace(/\./g, "-"));
  });

  it("cannot find a way out through /proc or a chroot", async () => {
    const result = await run(
      [
        "ls /proc/1/root/ | grep -c work",
        "chroot / true 2>/dev/null && echo chroot-allowed",
        "cat /proc/kcore 2>/dev/null | head -c 1 | wc -c",
        "true",
      ].join("; "),
    );
    expect(result.stdout).toBe("0\n0\n");
  });
});
