// Probes: secrets in error messages and multi-line values. A sensitive value quoted by a template
// error stays hidden in plain and --json output; every line of a multi-line secret, and its base64
// (at any alignment inside a larger blob), is redacted in events; --var with a secret warns.

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import { createRedactor, redactError, redactEvent } from "../../src/engine/redact.js";
import { RollError } from "../../src/engine/errors.js";
import { warnAboutSensitiveVars } from "../../src/pipelines/sensitive-vars.js";
import { loadTemplate } from "../../src/template/index.js";
import { runCli } from "../cli/cli-helpers.js";

const SECRET = "hunter2-secret-value";
const TEMPLATE = `variable "token" {
  type      = string
  sensitive = true
}

source "amazon-ebs" "x" {
  instance_type = "t3.micro"
  ami_name      = "x-\${tonumber(var.token)}"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
}

build {
  sources = ["source.amazon-ebs.x"]
}
`;

describe("secrets in errors and multi-line values", () => {
  it("a template error quoting a sensitive value hides it in plain and --json validate", async () => {
    const dir = await mkdtemp(join(tmpdir(), "roll-redact-"));
    await writeFile(join(dir, "app.pkr.hcl"), TEMPLATE);
    const env = { ...process.env, PKR_VAR_token: SECRET };
    const plain = await runCli(["validate", join(dir, "app.pkr.hcl")], env);
    const json = await runCli(["validate", join(dir, "app.pkr.hcl"), "--json"], env);
    for (const run of [plain, json]) {
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).toContain("tonumber()");
      expect(run.stdout + run.stderr).toContain("<sensitive>");
      expect(run.stdout + run.stderr).not.toContain("hunter2");
    }
  }, 120_000);

  it("a multi-line secret printed line by line, or base64-encoded inside other output, is redacted", () => {
    const key = "-----BEGIN KEY-----\nMIIEowIBAAKCAQEA1cX9\nq3NoZ2VjcmV0bGluZTI=\n-----END KEY-----";
    const redact = createRedactor([key]);
    const lines = key.split("\n").map((line) => redactEvent({ type: "output", stream: "stdout", line }, redact));
    expect(JSON.stringify(lines)).not.toMatch(/MIIEowIBAAKCAQEA1cX9|q3NoZ2VjcmV0bGluZTI=/);
    for (const prefix of ["", "a", "ab"]) {
      const blob = Buffer.from(`${prefix}token=${SECRET};`).toString("base64");
      expect(redact(blob)).toBe(blob); // another secret's redactor leaves it alone
      expect(createRedactor([SECRET])(blob)).toContain("<sensitive>");
    }
    expect(createRedactor([SECRET])(Buffer.from(SECRET).toString("hex"))).toBe("<sensitive>");
    expect(createRedactor([SECRET])(encodeURIComponent(`a b ${SECRET}`))).toContain("<sensitive>");
  });

  it("an error leaving a run is redacted in place (message and hint), keeping its code and fault", () => {
    const error = redactError(new RollError("cloud-error", `failed with ${SECRET}`, { fault: "external", hint: `retry ${SECRET}` }), createRedactor([SECRET]));
    expect(error).toMatchObject({ code: "cloud-error", fault: "external", message: "failed with <sensitive>", hint: "retry <sensitive>" });
  });

  it("--var with a sensitive variable warns and names PKR_VAR_ and --var-file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "roll-redact-"));
    await writeFile(join(dir, "app.pkr.hcl"), TEMPLATE.replace("tonumber(var.token)", "length(var.token)"));
    const template = await loadTemplate(join(dir, "app.pkr.hcl"), { vars: { token: SECRET } });
    const events: RollEvent[] = [];
    warnAboutSensitiveVars(template, { token: SECRET }, (event) => events.push(event));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).toContain("PKR_VAR_token");
    expect(JSON.stringify(events)).toContain("--var-file");
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
