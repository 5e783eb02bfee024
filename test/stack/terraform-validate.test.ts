// The synthesized JSON must be a configuration Terraform itself accepts, not only one roll's direct
// applier reads: `terraform init` from the machine's provider mirror, then `terraform validate`.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import demo from "../../stacks/demo.js";
import { writeSynth } from "../../src/stack/synth.js";
import { mirrorConfig } from "../../src/infra/terraform/cli-config.js";
import { PROVIDER_MIRROR, realTerraformTests } from "../support/terraform.js";

const run = promisify(execFile);

const available = realTerraformTests("terraform validate");

describe.skipIf(!available)("terraform validate", () => {
  const dir = mkdtempSync(join(tmpdir(), "roll-tf-validate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts the synthesized demo stack", { timeout: 120_000 }, async () => {
    const cliConfig = join(dir, "terraformrc");
    writeFileSync(cliConfig, mirrorConfig(PROVIDER_MIRROR));
    const { file } = writeSynth(demo, { app: "demo", region: "us-east-1", imageId: "ami-0123456789abcdef0" }, join(dir, "out"), {
      target: { kind: "sandbox", endpoint: "http://127.0.0.1:1" },
    });
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    const cwd = dirname(file);
    await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd, env });
    const { stdout } = await run("terraform", ["validate", "-json", "-no-color"], { cwd, env });
    const result = JSON.parse(stdout) as { valid: boolean; diagnostics: unknown[] };
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
