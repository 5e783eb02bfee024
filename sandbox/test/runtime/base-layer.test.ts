// The base layer: made once per name, a skeleton /etc for the cloud images' users, package manifests,
// and no secrets of the host.

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../src/runtime/index.js";
import { createHarness, ssh, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(() => {
  h = createHarness(154);
});
afterAll(async () => h.cleanup());

describe("baseLayer", () => {
  it("is made once, also across runtimes on the same data dir", async () => {
    const [a, b] = await Promise.all([h.runtime.baseLayer("debian-12"), h.runtime.baseLayer("debian-12")]);
    expect(a).toBe(b);
    const madeAt = statSync(path.join(a, "root", "etc", "passwd")).mtimeMs;
    const again = await createRuntime({ dataDir: h.dataDir }).baseLayer("debian-12");
    expect(again).toBe(a);
    expect(statSync(path.join(a, "root", "etc", "passwd")).mtimeMs).toBe(madeAt);
    await expect(h.runtime.baseLayer("../escape")).rejects.toThrow(/"\.\.\/escape"/);
  });

  it("holds the login users, the host's package database and none of the host's SSH keys", async () => {
    const layer = await h.runtime.baseLayer("debian-12");
    const passwd = readFileSync(path.join(layer, "root", "etc", "passwd"), "utf8");
    for (const user of ["root", "ec2-user", "ubuntu", "admin"]) expect(passwd).toMatch(new RegExp(`^${user}:x:0:0:`, "m"));
    expect(readFileSync(path.join(layer, "root", "var", "lib", "dpkg", "status"), "utf8")).toBe(readFileSync("/var/lib/dpkg/status", "utf8"));
    expect(existsSync(path.join(layer, "root", "etc", "ssh", "ssh_host_ed25519_key"))).toBe(false);
    expect(statSync(path.join(layer, "usr", "bin", "sudo")).mode & 0o111).toBeTruthy();
  });

  it("gives instances working package queries, users and a strict sudo shim", async () => {
    const instance = await h.runtime.boot(await h.spec());
    const result = await ssh(
      instance,
      h.key,
      [
        "dpkg-query -W -f='${Package}\\n' bash",
        "getent passwd ubuntu | cut -d: -f1,3,6",
        "sudo -u nobody true 2>/dev/null || echo refused-other-user",
        "sudo --bogus true 2>/dev/null || echo refused-bad-option",
        "sudo -- sh -c 'echo via-dashdash'",
        "test -d /home/admin && echo has-home",
      ].join("; "),
    );
    expect(result.stdout).toBe("bash\nubuntu:0:/home/ubuntu\nrefused-other-user\nrefused-bad-option\nvia-dashdash\nhas-home\n");
    await instance.stop();
  });
});
