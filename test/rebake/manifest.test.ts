import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MANIFEST_COMMAND, changeCount, diffManifests, parseManifest } from "../../src/rebake/manifest.js";

describe("package manifests", () => {
  it("reads this machine's dpkg database with the command the builder runs", () => {
    const manifest = parseManifest(execFileSync("/bin/sh", ["-c", MANIFEST_COMMAND], { encoding: "utf8" }));
    const bash = manifest.find((entry) => entry.name === "bash");
    expect(bash?.version).toMatch(/^\d/);
    expect(bash?.arch).toBe("amd64");
    expect(manifest.length).toBeGreaterThan(50);
  });

  it("diffs upgraded, added and removed packages", () => {
    const before = parseManifest("openssl\t3.0.11-1\tamd64\nbash\t5.2-1\tamd64\ncurl\t7.88\tamd64\n");
    const after = parseManifest("openssl\t3.0.15-1\tamd64\nbash\t5.2-1\tamd64\njq\t1.6\tamd64\nlibc6:amd64\t2.36\tamd64\n");
    const diff = diffManifests(before, after);
    expect(diff.upgraded).toEqual([{ name: "openssl", arch: "amd64", from: "3.0.11-1", to: "3.0.15-1" }]);
    expect(diff.added.map((p) => p.name)).toEqual(["jq", "libc6"]);
    expect(diff.removed.map((p) => p.name)).toEqual(["curl"]);
    expect(changeCount(diff)).toBe(4);
    expect(changeCount(diffManifests(after, after))).toBe(0);
  });
});
