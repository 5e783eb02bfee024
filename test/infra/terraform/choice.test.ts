// Choosing the infrastructure implementation, finding the binary, and the state backend block.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isRollError } from "../../../src/engine/errors.js";
import { checkInfraChoice, infraName, infraSynthOptions, parseInfraChoice, terraformLocation } from "../../../src/infra/index.js";
import { CLI_CONFIG_FILE, mirrorConfig, providerInstallEnv, providerNotFound } from "../../../src/infra/terraform/cli-config.js";
import { lockOwnedBy, parseLockInfo } from "../../../src/infra/terraform/command-journal.js";
import { backendBlock } from "../../../src/infra/terraform/backend.js";
import { findTerraformBinary } from "../../../src/infra/terraform/binary.js";

const bin = mkdtempSync(join(tmpdir(), "roll-tf-bin-"));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
function executable(name: string): string {
  const path = join(bin, name);
  writeFileSync(path, "#!/bin/sh\nexit 0\n");
  chmodSync(path, 0o755);
  return path;
}

describe("--infra", () => {
  it("defaults to terraform or tofu on PATH, else the direct applier as a fallback", () => {
    const terraform = executable("terraform");
    expect(parseInfraChoice(undefined, { PATH: bin })).toEqual({ kind: "terraform", binary: terraform, tool: "terraform" });
    expect(parseInfraChoice(undefined, { PATH: join(bin, "nothing-here") })).toEqual({ kind: "direct", fallback: true });
    // Asked for by name (flag or ROLL_INFRA), the direct applier is no fallback.
    expect(parseInfraChoice("direct", { PATH: bin })).toEqual({ kind: "direct" });
    expect(parseInfraChoice(undefined, { PATH: bin, ROLL_INFRA: "direct" })).toEqual({ kind: "direct" });
  });

  it("refuses the fallback on real AWS and says so once on the sandbox", () => {
    const aws = { kind: "aws" as const, region: "eu-west-1" };
    const sandbox = { kind: "sandbox" as const, region: "us-east-1", endpoint: "http://127.0.0.1:4575" };
    expect(() => checkInfraChoice({ kind: "direct", fallback: true }, aws)).toThrow(/target aws needs Terraform or OpenTofu/);
    expect(checkInfraChoice({ kind: "direct" }, aws)).toBeUndefined();
    expect(checkInfraChoice({ kind: "direct", fallback: true }, sandbox)).toMatch(/no terraform or tofu binary found/);
    expect(checkInfraChoice({ kind: "terraform" }, aws)).toBeUndefined();
    expect(infraName({ kind: "direct", fallback: true })).toBe("direct");
    expect(infraName({ kind: "terraform", binary: "/opt/bin/tofu", tool: "tofu" })).toBe("tofu");
  });

  it("reads terraform settings from the environment", () => {
    expect(parseInfraChoice(undefined, { ROLL_INFRA: "terraform", ROLL_TERRAFORM_PROVIDER_VERSION: "~> 5.100" })).toEqual({ kind: "terraform", providerVersion: "~> 5.100" });
    expect(parseInfraChoice("tofu", {})).toEqual({ kind: "terraform", binary: "tofu" });
  });

  it("refuses anything else, naming the value", () => {
    expect(() => parseInfraChoice("pulumi", {})).toThrow(/--infra must be "direct" or "terraform" \(or "tofu"\), got "pulumi"/);
  });

  it("gives Terraform the sandbox endpoint and the provider constraint; the direct applier needs nothing", () => {
    const sandbox = { kind: "sandbox" as const, region: "us-east-1", endpoint: "http://127.0.0.1:4575" };
    expect(infraSynthOptions({ kind: "direct" }, sandbox)).toEqual({});
    expect(infraSynthOptions({ kind: "terraform", providerVersion: "~> 5.100" }, sandbox)).toEqual({
      target: { kind: "sandbox", endpoint: "http://127.0.0.1:4575" },
      providerVersion: "~> 5.100",
    });
  });
});

describe("binary discovery", () => {
  it("prefers ROLL_TERRAFORM, else tofu, else terraform on PATH", () => {
    const terraform = executable("terraform");
    expect(findTerraformBinary(undefined, { PATH: bin })).toEqual({ path: terraform, tool: "terraform" });
    const tofu = executable("tofu");
    expect(findTerraformBinary(undefined, { PATH: bin })).toEqual({ path: tofu, tool: "tofu" });
    expect(findTerraformBinary(undefined, { PATH: bin, ROLL_TERRAFORM: "terraform" })).toEqual({ path: terraform, tool: "terraform" });
    expect(findTerraformBinary(terraform, { PATH: "" })).toEqual({ path: terraform, tool: "terraform" });
  });

  it("says how to fix a missing binary", () => {
    let error: unknown;
    try {
      findTerraformBinary(undefined, { PATH: join(bin, "nothing-here") });
    } catch (caught) {
      error = caught;
    }
    expect(isRollError(error) && error.code).toBe("terraform-missing");
    expect((error as Error).message).toBe("neither tofu nor terraform was found on PATH");
    expect(isRollError(error) && error.hint).toMatch(/install Terraform or OpenTofu .* or use --infra direct/);
    expect(() => findTerraformBinary("/no/such/terraform", {})).toThrow(/"\/no\/such\/terraform" is not an executable file/);
  });
});

describe("state backend", () => {
  it("is a local file in the app's working directory by default, one per app", () => {
    expect(backendBlock(undefined, "demo", "/work/tf/demo")).toEqual({ local: { path: "/work/tf/demo/terraform.tfstate" } });
    expect(backendBlock({ kind: "local", path: "/state/{app}.tfstate" }, "web", "/x")).toEqual({ local: { path: "/state/web.tfstate" } });
  });

  it("can be S3, with a key per app and path-style addressing for an S3-compatible endpoint", () => {
    expect(backendBlock({ kind: "s3", bucket: "tf-state", region: "eu-west-1" }, "demo", "/x")).toEqual({
      s3: { bucket: "tf-state", key: "roll/demo/terraform.tfstate", region: "eu-west-1", use_lockfile: true },
    });
    expect(backendBlock({ kind: "s3", bucket: "b", key: "apps/{app}.tfstate", region: "us-east-1", endpoint: "http://127.0.0.1:4575" }, "demo", "/x")).toMatchObject({
      s3: { key: "apps/demo.tfstate", endpoints: { s3: "http://127.0.0.1:4575" }, use_path_style: true },
    });
    expect(() => backendBlock({ kind: "s3", bucket: "", region: "us-east-1" }, "demo", "/x")).toThrow(/needs a bucket/);
  });
});

describe("where Terraform works and keeps state", () => {
  it("beside roll's own state locally; with ROLL_STATE=s3://… in the same bucket, S3 backend with its lock file", () => {
    const sandbox = { kind: "sandbox" as const, region: "us-east-1", endpoint: "http://127.0.0.1:4575" };
    expect(terraformLocation("/p/.roll/sandbox", sandbox)).toEqual({ workDir: "/p/.roll/sandbox/terraform" });
    const shared = terraformLocation("s3://team-state/roll/sandbox", sandbox);
    expect(shared).toEqual({
      workDir: join(".roll", "sandbox", "terraform"),
      backend: { kind: "s3", bucket: "team-state", key: "roll/sandbox/terraform/{app}/terraform.tfstate", region: "us-east-1", endpoint: "http://127.0.0.1:4575" },
    });
    expect(backendBlock(shared.backend, "demo", "/x")).toMatchObject({ s3: { bucket: "team-state", key: "roll/sandbox/terraform/demo/terraform.tfstate", use_lockfile: true } });
  });
});

describe("provider installation", () => {
  it("writes a CLI config for roll's runs from ROLL_TERRAFORM_PLUGIN_DIR, and drops a TF_CLI_CONFIG_FILE that does not exist", () => {
    const root = join(bin, "work");
    const env = providerInstallEnv({ ROLL_TERRAFORM_PLUGIN_DIR: bin, TF_CLI_CONFIG_FILE: "/nowhere/.terraformrc" }, root);
    expect(env.TF_CLI_CONFIG_FILE).toBe(join(root, CLI_CONFIG_FILE));
    expect(readFileSync(env.TF_CLI_CONFIG_FILE!, "utf8")).toContain(`filesystem_mirror {\n    path = ${JSON.stringify(bin)}`);
    expect(providerInstallEnv({ TF_CLI_CONFIG_FILE: "/nowhere/.terraformrc", PATH: "/bin" }, root)).toEqual({ PATH: "/bin" });
    // A CLI config the user has is used as it is (its own filesystem_mirror included).
    const own = join(bin, "user.terraformrc");
    writeFileSync(own, mirrorConfig("/mirror"));
    expect(providerInstallEnv({ TF_CLI_CONFIG_FILE: own }, root)).toEqual({ TF_CLI_CONFIG_FILE: own });
    expect(() => providerInstallEnv({ ROLL_TERRAFORM_PLUGIN_DIR: join(bin, "missing") }, root)).toThrow(/ROLL_TERRAFORM_PLUGIN_DIR ".*missing" is not a directory/);
  });

  it("turns init's 'no provider' failure into one error naming the fixes", () => {
    const error = providerNotFound(new Error("terraform init failed: Error: Failed to query available provider packages (Could not retrieve the list of available versions for provider hashicorp/aws)"), {});
    expect(error?.code).toBe("terraform-provider-missing");
    expect(error?.hint).toMatch(/ROLL_TERRAFORM_PLUGIN_DIR/);
    expect(providerNotFound(new Error("terraform init failed: Error: Invalid backend configuration"), {})).toBeUndefined();
  });
});

describe("a killed run's state lock", () => {
  const detail = "Error message: operation error S3: PutObject, StatusCode: 412\nLock Info:\n  ID:        5b0c4f6e-1111-2222-3333-444455556666\n  Path:      b/k.tflock\n  Operation: OperationTypeApply\n  Who:       root@ci\n  Version:   1.11.4\n  Created:   2026-12-02 15:00:05.123456789 +0000 UTC\n  Info:      \n";
  const note = { rollPid: 1, pid: 2, command: "apply -json roll.tfplan", startedAt: "2026-12-02T15:00:04.000Z", who: "root@ci" };

  it("is cleared only when the dead run's command took it (same user@host, after it started)", () => {
    const lock = parseLockInfo(detail)!;
    expect(lock).toEqual({ id: "5b0c4f6e-1111-2222-3333-444455556666", who: "root@ci", created: new Date("2026-12-02T15:00:05.123Z") });
    expect(lockOwnedBy(lock, note)).toBe(true);
    expect(lockOwnedBy({ ...lock, who: "alice@laptop" }, note)).toBe(false);
    expect(lockOwnedBy(lock, { ...note, startedAt: "2026-12-02T15:10:00.000Z" })).toBe(false);
  });
});
