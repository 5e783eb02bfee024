// A version's inputs: sensitive values only as a salted hash, var-files with their content hash, and
// version numbers that are never handed out twice.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSensitiveInputs, describeInputs, recordInputs, reuseInputs } from "../../src/releases/inputs.js";
import { nextVersion } from "../../src/releases/store.js";
import type { ImageTemplate } from "../../src/template/types.js";

const template = {
  variables: {
    release: { name: "release", value: "7", sensitive: false },
    token: { name: "token", value: "s3cr3t-value", sensitive: true },
  },
} as unknown as ImageTemplate;

describe("version inputs", () => {
  it("records variables, a sensitive one only as a hash, and var-files with their content hash", async () => {
    const root = mkdtempSync(join(tmpdir(), "roll-inputs-"));
    writeFileSync(join(root, "prod.pkrvars.hcl"), 'region = "eu-west-1"\n');
    const inputs = await recordInputs(template, { vars: { release: "7", token: "s3cr3t-value" }, varFiles: ["prod.pkrvars.hcl"] }, root, "abc");
    expect(JSON.stringify(inputs)).not.toContain("s3cr3t-value");
    expect(inputs.vars).toEqual({ release: "7" });
    expect(inputs.sensitive.token).toMatch(/^sha256:[0-9a-f]+:[0-9a-f]{64}$/);
    expect(describeInputs(inputs)).toBe("release=7, token=<sensitive>, var-file prod.pkrvars.hcl");

    expect(() => checkSensitiveInputs(template, inputs, "v7", "t.pkr.hcl")).not.toThrow();
    const other = { ...template, variables: { ...template.variables, token: { name: "token", value: "other", sensitive: true } } } as unknown as ImageTemplate;
    expect(() => checkSensitiveInputs(other, inputs, "v7", "t.pkr.hcl")).toThrow(/sensitive variable "token" is not the value v7 was built with/);

    expect((await reuseInputs(inputs, root, "v7")).warnings).toEqual([]);
    writeFileSync(join(root, "prod.pkrvars.hcl"), 'region = "us-east-1"\n');
    expect((await reuseInputs(inputs, root, "v7")).warnings).toEqual(["var-file prod.pkrvars.hcl changed since v7"]);
  });

  it("never hands out a version number again, even when its version was discarded", () => {
    const state = { app: "site", versions: [{ version: "v7", imageId: "ami-7", region: "r", createdAt: "" }], history: [], lastVersion: 8 };
    expect(nextVersion(state)).toBe("v9");
  });
});
