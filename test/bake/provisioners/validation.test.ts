import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareProvisioner, provisionersFor } from "../../../src/bake/provisioners/index.js";
import { isRollError, type RollError } from "../../../src/engine/errors.js";
import { TEMPLATE_FILE, block } from "../support/blocks.js";

const root = mkdtempSync(path.join(os.tmpdir(), "roll-prov-root-"));
writeFileSync(path.join(root, "setup.sh"), "echo hi\n");

function failure(fn: () => unknown): RollError {
  try {
    fn();
  } catch (error) {
    if (isRollError(error)) return error;
    throw error;
  }
  throw new Error("expected a RollError");
}

describe("provisioner validation", () => {
  it("names file, line and field of a value of the wrong type", () => {
    const error = failure(() => prepareProvisioner(block("shell", { inline: ["echo ok"], valid_exit_codes: "0" }, 20), 0, root));
    expect(error.location).toEqual({ file: TEMPLATE_FILE, line: 22, column: 3, field: "valid_exit_codes" });
    expect(error.message).toBe('provisioner "shell": "valid_exit_codes" must be a list of whole numbers, got a string "0"');
    expect(error.fault).toBe("user");
  });

  it("refuses unknown fields, inline together with script, and missing scripts", () => {
    expect(failure(() => prepareProvisioner(block("shell", { inlin: ["x"] }), 0, root)).message).toContain('unknown field "inlin"');
    expect(failure(() => prepareProvisioner(block("shell", { inline: ["x"], script: "setup.sh" }), 0, root)).message).toContain(
      'only one of "inline", "script" or "scripts"',
    );
    const missing = failure(() => prepareProvisioner(block("shell", { scripts: ["setup.sh", "nope.sh"] }), 0, root));
    expect(missing.message).toContain(`nope.sh does not exist (looked for ${path.join(root, "nope.sh")})`);
    expect(missing.location?.field).toBe("scripts");
  });

  it("checks durations, environment_vars and execute_command keys", () => {
    expect(failure(() => prepareProvisioner(block("shell", { inline: ["x"], pause_before: "soon" }), 0, root)).message).toContain(
      '"pause_before" must be a duration',
    );
    expect(failure(() => prepareProvisioner(block("shell", { inline: ["x"], environment_vars: ["=x"] }), 0, root)).message).toContain(
      "KEY=value",
    );
    expect(failure(() => prepareProvisioner(block("shell", { inline: ["x"], execute_command: "{{ .Script }}" }), 0, root)).message).toContain(
      "{{ .Script }}",
    );
  });

  it("checks file sources against the template root and Packer's destination rules", () => {
    expect(prepareProvisioner(block("file", { source: "setup.sh", destination: "/tmp/x" }), 0, root).config).toEqual({
      direction: "upload",
      sources: [path.join(root, "setup.sh")],
      destination: "/tmp/x",
    });
    expect(failure(() => prepareProvisioner(block("file", { sources: ["setup.sh", "setup.sh"], destination: "/tmp/x" }), 0, root)).message).toContain(
      'must be a folder ending in "/"',
    );
    expect(failure(() => prepareProvisioner(block("file", { source: "a", content: "b", destination: "/x" }), 0, root)).location?.field).toBe(
      "content",
    );
    expect(failure(() => prepareProvisioner(block("file", { source: "x", destination: "/x", direction: "sideways" }), 0, root)).message).toContain(
      '"direction" must be one of "upload", "download"',
    );
  });

  it("names the supported types for an unknown one", () => {
    expect(failure(() => prepareProvisioner(block("ansible", {}), 0, root)).message).toMatch(/roll cannot run provisioner "ansible" yet; it runs "shell", "file"/);
  });

  it("applies only / except by source name", () => {
    const a = { ...block("shell", { inline: ["a"] }), only: ["amazon-ebs.app"] };
    const b = { ...block("shell", { inline: ["b"] }), except: ["amazon-ebs.app"] };
    const c = { ...block("shell", { inline: ["c"] }), only: ["amazon-ebs.other"] };
    expect(provisionersFor([a, b, c], "amazon-ebs.app")).toEqual([a]);
  });
});
