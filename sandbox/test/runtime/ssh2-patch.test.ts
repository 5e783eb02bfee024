// sandbox/patches/ssh2+<version>.patch, which the sandbox applies in memory when it loads ssh2's server
// (the behaviour itself is checked by real clients in test/clients): it must still apply to the
// installed ssh2 with GNU patch, and our in-memory applier must give exactly what GNU patch gives.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { applyFilePatch, parseUnifiedDiff } from "../../src/runtime/unified-diff.js";

const sandboxDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ssh2Dir = path.dirname(createRequire(import.meta.url).resolve("ssh2/package.json"));
const tmp = mkdtempSync(path.join(tmpdir(), "roll-ssh2-patch-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("applies to the installed ssh2 with GNU patch and in memory alike", () => {
  const version = JSON.parse(readFileSync(path.join(ssh2Dir, "package.json"), "utf8")).version as string;
  const patchFile = path.join(sandboxDir, "patches", `ssh2+${version}.patch`);
  const copy = path.join(tmp, "ssh2");
  cpSync(ssh2Dir, copy, { recursive: true });
  execFileSync("patch", ["-p1", "--forward", "--batch", "-d", copy, "-i", patchFile], { stdio: "pipe" });
  const patches = parseUnifiedDiff(readFileSync(patchFile, "utf8"));
  expect(patches.map((p) => p.path).sort()).toEqual(["lib/protocol/Protocol.js", "lib/server.js"]);
  for (const patch of patches) {
    const inMemory = applyFilePatch(readFileSync(path.join(ssh2Dir, patch.path), "utf8"), patch);
    expect(inMemory).toBe(readFileSync(path.join(copy, patch.path), "utf8"));
  }
});

it("refuses a patch whose context no longer matches, naming file and hunk", () => {
  const [patch] = parseUnifiedDiff("--- a/lib/x.js\n+++ b/lib/x.js\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n");
  expect(applyFilePatch("keep\nold\n", patch!)).toBe("keep\nnew\n");
  expect(() => applyFilePatch("keep\nchanged\n", patch!)).toThrow("lib/x.js: hunk 1 of the patch does not match the file");
});
