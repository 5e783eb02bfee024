// Boot, user data, rc.local services, stop/start, snapshot into a layer and boot from it, destroy.

import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InstanceExit } from "../../src/runtime/index.js";
import { createHarness, ssh, waitFor, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(() => {
  h = createHarness(152);
});
afterAll(async () => h.cleanup());

const DEMO_SERVER = `
const http = require("node:http");
const fs = require("node:fs");
const id = fs.readFileSync("/run/instance/instance-id", "utf8").trim();
http.createServer((req, res) => res.end("demo on " + id + " pid1=" + fs.readlinkSync("/proc/1/exe") + "\\n"))
  .listen(8080, process.env.LOCAL_IPV4);
`;

describe("boot", () => {
  it("is fast, runs #! user data once per instance, and keeps the console after stop", async () => {
    const spec = await h.spec({ userData: "#!/bin/bash\necho \"user data on $INSTANCE_ID at $LOCAL_IPV4\"\necho ran >> /root/user-data-runs\n" });
    const started = Date.now();
    const instance = await h.runtime.boot(spec);
    expect(Date.now() - started).toBeLessThan(2_000);

    const console = await waitFor(() => (instance.consoleOutput().includes("finished at") ? instance.consoleOutput() : undefined));
    expect(console).toContain(`user data on ${spec.instanceId} at ${spec.ip}`);
    expect(console.indexOf("user data on")).toBeLessThan(console.indexOf("-----BEGIN SSH HOST KEY FINGERPRINTS-----"));
    expect((await ssh(instance, h.key, "cat /root/user-data-runs /var/lib/cloud/instance/user-data.txt | head -2")).stdout).toBe(
      "ran\n#!/bin/bash\n",
    );

    const exits: InstanceExit[] = [];
    instance.onExit((exit) => exits.push(exit));
    await instance.stop();
    expect(exits).toEqual([{ reason: "stopped" }]);
    expect(instance.consoleOutput()).toContain("user data on");

    const again = await h.runtime.boot(spec);
    await waitFor(() => (again.consoleOutput().includes("finished at") ? true : undefined));
    expect((await ssh(again, h.key, "cat /root/user-data-runs")).stdout).toBe("ran\n");
    expect(again.consoleOutput()).not.toContain("user data on");
    expect(again.hostKeyFingerprints).toEqual(instance.hostKeyFingerprints);
    await again.stop();
  });

  it("does not run user data that is not a script", async () => {
    const instance = await h.runtime.boot(await h.spec({ userData: "echo not-a-script > /root/ran\n" }));
    await waitFor(() => (instance.consoleOutput().includes("finished at") ? true : undefined));
    expect((await ssh(instance, h.key, "test -e /root/ran; echo $?")).stdout).toBe("1\n");
    await instance.stop();
  });

  it("falls back to an ephemeral SSH port when the preferred one is taken", async () => {
    const spec = await h.spec();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(22, spec.ip, resolve));
    try {
      const instance = await h.runtime.boot(spec);
      expect(instance.sshPort).not.toBe(22);
      expect(instance.sshPort).toBeGreaterThan(0);
      expect((await ssh(instance, h.key, "echo ok")).stdout).toBe("ok\n");
      await instance.stop();
    } finally {
      blocker.close();
    }
  });

  it("refuses to boot the same instance twice, and bad specs with the bad value named", async () => {
    const spec = await h.spec();
    const instance = await h.runtime.boot(spec);
    await expect(h.runtime.boot(spec)).rejects.toThrow(/already running/);
    await instance.stop();
    await expect(h.runtime.boot({ ...spec, ip: "10.0.0.1" })).rejects.toThrow(/"10.0.0.1"/);
    await expect(h.runtime.boot({ ...spec, layers: ["/nonexistent-layer"] })).rejects.toThrow(/nonexistent-layer/);
  });
});

describe("images", () => {
  it("bakes an rc.local service into a layer; instances booted from it serve HTTP on their own address", async () => {
    const builderSpec = await h.spec();
    const builder = await h.runtime.boot(builderSpec);
    const provision = await ssh(
      builder,
      h.key,
      [
        "set -e",
        "sudo mkdir -p /opt/demo",
        `cat > /tmp/server.js <<'JS'\n${DEMO_SERVER}\nJS`,
        "sudo mv /tmp/server.js /opt/demo/server.js",
        "printf '#!/bin/sh\\nnode /opt/demo/server.js > /var/log/demo.log 2>&1 &\\n' | sudo tee /etc/rc.local >/dev/null",
        "sudo chmod +x /etc/rc.local",
        "sudo rm /etc/issue",
        "sudo mkdir -p /usr/local/share/demo && echo baked | sudo tee /usr/local/share/demo/version >/dev/null",
        "sudo rm -rf /usr/share/doc/bash",
      ].join("\n"),
    );
    expect(provision.stderr).toBe("");
    expect(provision.code).toBe(0);
    await builder.stop();

    const layer = path.join(h.tmp, "images", "ami-demo");
    await h.runtime.snapshot(builderSpec.instanceId, layer);
    expect(existsSync(path.join(layer, "root", "opt", "demo", "server.js"))).toBe(true);
    expect(existsSync(path.join(layer, "usr", "local", "share", "demo", "version"))).toBe(true);
    await h.runtime.destroy(builderSpec.instanceId);
    expect(existsSync(path.join(h.dataDir, "instances", builderSpec.instanceId))).toBe(false);

    const spec = await h.spec({ layers: [layer, ...builderSpec.layers] });
    const instance = await h.runtime.boot(spec);
    const body = await waitFor(async () => {
      const response = await fetch(`http://${spec.ip}:8080/`);
      return response.ok ? await response.text() : undefined;
    });
    expect(body).toBe(`demo on ${spec.instanceId} pid1=/usr/bin/dash\n`);

    // Deletions are part of the image too (overlay whiteouts survived the copy).
    const check = await ssh(instance, h.key, "cat /usr/local/share/demo/version; test -e /etc/issue || echo issue-gone; test -e /usr/share/doc/bash || echo doc-gone");
    expect(check.stdout).toBe("baked\nissue-gone\ndoc-gone\n");
    expect(existsSync("/usr/share/doc/bash")).toBe(true);

    // The instance's own changes do not leak into the image layer.
    await ssh(instance, h.key, "echo mine > /opt/demo/local-change");
    expect(existsSync(path.join(layer, "root", "opt", "demo", "local-change"))).toBe(false);

    await instance.stop();
    await expect(fetch(`http://${spec.ip}:8080/`)).rejects.toThrow();
  });

  it("snapshots a running instance too", async () => {
    const spec = await h.spec();
    const instance = await h.runtime.boot(spec);
    await ssh(instance, h.key, "echo live > /srv/live.txt");
    const layer = path.join(h.tmp, "images", "ami-live");
    await h.runtime.snapshot(spec.instanceId, layer);
    expect(existsSync(path.join(layer, "root", "srv", "live.txt"))).toBe(true);
    await expect(h.runtime.snapshot(spec.instanceId, layer)).rejects.toThrow(/not empty/);
    await instance.stop();
  });
});
