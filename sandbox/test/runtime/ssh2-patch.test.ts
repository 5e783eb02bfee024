// patches/ssh2+1.17.0.patch is the upstream form of the PK_OK fix that ssh-key-query.ts applies at run
// time. It must still apply to the installed ssh2, and the patched server must answer as ours does.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { requestedKeyAlgo } from "../../src/runtime/ssh-key-query.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const ssh2Dir = path.dirname(createRequire(import.meta.url).resolve("ssh2/package.json"));
const tmp = mkdtempSync(path.join(tmpdir(), "roll-ssh2-patch-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("applies cleanly to the installed ssh2 and gives the same answers as the run-time fix", () => {
  const version = JSON.parse(readFileSync(path.join(ssh2Dir, "package.json"), "utf8")).version as string;
  const patch = path.join(repo, "patches", `ssh2+${version}.patch`);
  const copy = path.join(tmp, "ssh2");
  cpSync(ssh2Dir, copy, { recursive: true });
  execFileSync("patch", ["-p1", "--forward", "--batch", "-d", copy, "-i", patch], { stdio: "pipe" });
  const patched = readFileSync(path.join(copy, "lib", "server.js"), "utf8");
  // The patched server's helper, lifted out and run beside ours.
  const source = /function requestedKeyAlgo\(keyAlgo, hashAlgo\) \{[\s\S]*?\n\}/.exec(patched)![0];
  const upstream = new Function(`${source}; return requestedKeyAlgo;`)() as typeof requestedKeyAlgo;
  for (const [algo, hash] of [["ssh-rsa", "sha256"], ["ssh-rsa", "sha512"], ["ssh-rsa", undefined], ["ssh-ed25519", undefined], ["ecdsa-sha2-nistp256", "sha256"]] as const) {
    expect(upstream(algo, hash)).toBe(requestedKeyAlgo(algo, hash));
  }
  expect(requestedKeyAlgo("ssh-rsa", "sha512")).toBe("rsa-sha2-512");
});
