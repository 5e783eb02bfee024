// shell and file provisioners against a real OpenSSH server (the "machine" is this host, over SSH).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, createSession, fixedSession, type RemoteSession } from "../../../src/bake/communicator/index.js";
import { prepareProvisioners, runProvisioners } from "../../../src/bake/provisioners/index.js";
import { isRollError } from "../../../src/engine/errors.js";
import type { ProvisionerConfig } from "../../../src/template/types.js";
import { block } from "../support/blocks.js";
import { recorder } from "../support/events.js";
import { startSshd, type TestSshd } from "../support/sshd.js";

let sshd: TestSshd;
let session: RemoteSession;
let root: string;
let remote: string;

beforeAll(async () => {
  sshd = await startSshd();
  session = fixedSession(
    await connect({ host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, timeoutMs: 10_000, signal: new AbortController().signal }),
  );
  root = mkdtempSync(path.join(os.tmpdir(), "roll-prov-"));
  remote = path.join(sshd.dir, "machine");
  mkdirSync(remote);
});

afterAll(async () => {
  session?.close();
  await sshd?.stop();
});

async function provision(blocks: ProvisionerConfig[], signal = new AbortController().signal) {
  const rec = recorder();
  const prepared = prepareProvisioners(blocks, root);
  const error = await runProvisioners(prepared, { session, templateRoot: root, builderType: "amazon-ebs", buildName: "app", signal, emit: rec.emit }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ...rec, error };
}

describe("shell", () => {
  it("runs inline commands with the default shebang, streaming output and Packer's variables", async () => {
    const { output, error, events } = await provision([
      block("shell", {
        inline: ["echo \"builder=$PACKER_BUILDER_TYPE build=$PACKER_BUILD_NAME\"", "echo \"greeting=$GREETING\"", "echo warn >&2", "echo shebang=$(head -1 $0)"],
        environment_vars: ["GREETING=it's here"],
        remote_folder: remote,
      }),
    ]);
    expect(error).toBeUndefined();
    expect(output("stdout")).toEqual(["builder=amazon-ebs build=app", "greeting=it's here", `shebang=#!/bin/sh -e`]);
    expect(output("stderr")).toEqual(["warn"]);
    expect(events.filter((e) => e.type === "provisioner").map((e) => e.type === "provisioner" && e.status)).toEqual(["start", "ok"]);
    expect(readdirSync(remote).filter((f) => f.startsWith("script_"))).toEqual([]); // cleaned up
  });

  it("runs scripts in order with env, a custom execute_command and remote_path, keeping them with skip_clean", async () => {
    writeFileSync(path.join(root, "one.sh"), "#!/bin/sh\necho \"one $ROLE\"\n");
    writeFileSync(path.join(root, "two.sh"), "#!/bin/sh\necho \"two $ROLE $ZONE\"\n");
    const remotePath = path.join(remote, "kept.sh");
    const { output, error } = await provision([
      block("shell", {
        scripts: ["one.sh", "two.sh"],
        env: { ZONE: "b", ROLE: "web" },
        execute_command: "echo via-custom; chmod +x {{ .Path }}; env {{ .Vars }} {{ .Path }}",
        remote_path: remotePath,
        skip_clean: true,
      }),
    ]);
    expect(error).toBeUndefined();
    expect(output("stdout")).toEqual(["via-custom", "one web", "via-custom", "two web b"]);
    expect(readFileSync(remotePath, "utf8")).toContain("two $ROLE");
  });

  it("fails on a non-zero exit code, naming the provisioner and its line, and stops the run", async () => {
    const marker = path.join(remote, "should-not-exist");
    const { error, events } = await provision([
      block("shell", { inline: ["echo before", "exit 7"], remote_folder: remote }, 30),
      block("shell", { inline: [`touch ${marker}`], remote_folder: remote }, 40),
    ]);
    expect(isRollError(error) && error.code).toBe("provisioner-failed");
    expect((error as Error).message).toBe('provisioner "shell" #1 at line 30 failed: inline script exited with code 7');
    expect(isRollError(error) && error.location).toMatchObject({ file: "/templates/app.pkr.hcl", line: 30 });
    expect(existsSync(marker)).toBe(false);
    expect(events.filter((e) => e.type === "provisioner").map((e) => e.type === "provisioner" && `${e.index}:${e.status}`)).toEqual(["0:start", "0:failed"]);
  });

  it("accepts listed valid_exit_codes and retries with max_retries", async () => {
    const counter = path.join(remote, "attempts");
    const { error, events } = await provision([
      block("shell", { inline: ["exit 3"], valid_exit_codes: [0, 3], remote_folder: remote }),
      block("shell", { inline: [`echo x >> ${counter}`, `test $(wc -l < ${counter}) -ge 2`], max_retries: 2, remote_folder: remote }),
    ]);
    expect(error).toBeUndefined();
    expect(readFileSync(counter, "utf8")).toBe("x\nx\n");
    expect(events.some((e) => e.type === "log" && e.level === "warn" && e.message.includes("retry 1 of 2"))).toBe(true);
  });

  it("accepts a dropped connection with expect_disconnect and reconnects for the next provisioner", async () => {
    const options = { host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, timeoutMs: 10_000, signal: new AbortController().signal };
    const own = createSession(options, await connect(options));
    // Kill this connection's own sshd process (the nearest "sshd: user@…" ancestor, never the
    // listener): the TCP connection drops, as it does when the machine reboots.
    const dropConnection =
      'p=$$; while [ "$p" -gt 1 ]; do case "$(ps -o args= -p $p)" in sshd*@*) kill -9 $p; break;; esac; p=$(ps -o ppid= -p $p | tr -d " "); done';
    const run = (blocks: ProvisionerConfig[]) => {
      const rec = recorder();
      return runProvisioners(prepareProvisioners(blocks, root), { session: own, templateRoot: root, builderType: "amazon-ebs", buildName: "app", signal: new AbortController().signal, emit: rec.emit }).then(
        () => ({ ...rec, error: undefined }),
        (error: unknown) => ({ ...rec, error }),
      );
    };
    const expected = await run([
      block("shell", { inline: ["echo going down", dropConnection, "sleep 5"], expect_disconnect: true, remote_folder: remote }),
      block("shell", { inline: ["echo back again"], remote_folder: remote }),
    ]);
    expect(expected.error).toBeUndefined();
    expect(expected.output("stdout")).toEqual(["going down", "back again"]);

    const unexpected = await run([block("shell", { inline: [dropConnection, "sleep 5"], remote_folder: remote }, 50)]);
    expect((unexpected.error as Error).message).toMatch(/^provisioner "shell" #1 at line 50 failed: SSH connection lost/);
    own.close();
  });

  it("ends a script that runs past its timeout", async () => {
    const { error } = await provision([block("shell", { inline: ["sleep 30"], timeout: "1s", remote_folder: remote })]);
    expect((error as Error).message).toBe('provisioner "shell" #1 at line 10 failed: timed out after 1s');
  });
});

describe("file", () => {
  it("uploads content, a file into a folder, and directories with and without trailing slash", async () => {
    const site = path.join(root, "site");
    mkdirSync(path.join(site, "css"), { recursive: true });
    writeFileSync(path.join(site, "index.html"), "<h1>hi</h1>");
    writeFileSync(path.join(site, "css", "main.css"), "body{}");
    writeFileSync(path.join(root, "app.conf"), "port=80\n");
    const dest = path.join(remote, "files");
    const { error } = await provision([
      block("file", { content: "generated\n", destination: `${dest}-content.txt` }),
      block("file", { source: "site", destination: `${dest}/as-dir` }),
      block("file", { source: "site/", destination: `${dest}/contents` }),
      block("file", { source: "app.conf", destination: `${dest}/` }),
    ]);
    expect(error).toBeUndefined();
    expect(readFileSync(`${dest}-content.txt`, "utf8")).toBe("generated\n");
    expect(readFileSync(`${dest}/as-dir/site/css/main.css`, "utf8")).toBe("body{}");
    expect(readdirSync(`${dest}/contents`).sort()).toEqual(["css", "index.html"]);
    expect(readFileSync(`${dest}/app.conf`, "utf8")).toBe("port=80\n");
  });

  it("downloads a file and a directory to paths relative to the template root", async () => {
    const logs = path.join(remote, "logs");
    mkdirSync(path.join(logs, "app"), { recursive: true });
    writeFileSync(path.join(logs, "boot.log"), "booted\n");
    writeFileSync(path.join(logs, "app", "app.log"), "started\n");
    const { error } = await provision([
      block("file", { source: `${logs}/boot.log`, destination: "out/", direction: "download" }),
      block("file", { source: `${logs}/`, destination: "out/all-logs", direction: "download" }),
    ]);
    expect(error).toBeUndefined();
    expect(readFileSync(path.join(root, "out", "boot.log"), "utf8")).toBe("booted\n");
    expect(readFileSync(path.join(root, "out", "all-logs", "app", "app.log"), "utf8")).toBe("started\n");
  });

  it("fails naming the remote error when the destination folder is missing", async () => {
    const { error } = await provision([block("file", { content: "x", destination: `${remote}/missing/dir/file` })]);
    expect((error as Error).message).toMatch(/provisioner "file" #1 at line 10 failed: scp .*missing\/dir\/file.*No such file or directory/);
  });
});
