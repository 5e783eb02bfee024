// Which implementation of the infrastructure port a run uses. Terraform (or OpenTofu) is the default
// wherever a binary is found; the direct applier is the fallback where none is, and says so once per
// run. `--infra direct|terraform|tofu` (or ROLL_INFRA) overrides. On real AWS the fallback is refused:
// there the direct applier is used only when asked for by name.

import { join } from "node:path";
import { isS3Path } from "../releases/backend/index.js";
import { parseS3Path } from "../releases/backend/s3.js";
import type { CloudClients, CloudTarget } from "../cloud/target.js";
import { SANDBOX_CREDENTIALS } from "../cloud/target.js";
import { RollError, userError } from "../engine/errors.js";
import { existingStackObjects } from "./adopt.js";
import { createDirectApplier } from "./direct/applier.js";
import type { InfraPort } from "./port.js";
import { createTerraformInfra, type CommandRecord } from "./terraform/adapter.js";
import type { BackendConfig } from "./terraform/backend.js";
import { findTerraformBinary } from "./terraform/binary.js";
import { providerInstallEnv } from "./terraform/cli-config.js";

/** What the `--json` result calls the engine that applied the stack. */
export type InfraKind = "direct" | "terraform" | "tofu";

export type InfraChoice =
  | {
      kind: "direct";
      /** True when no binary was found and nobody asked for the direct applier by name. */
      fallback?: boolean;
    }
  | {
      kind: "terraform";
      /** "terraform", "tofu" or a path; default ROLL_TERRAFORM, else tofu or terraform on PATH. */
      binary?: string;
      /** Which tool `binary` is, when it was found already. */
      tool?: "terraform" | "tofu";
      backend?: BackendConfig;
      /** hashicorp/aws constraint (ROLL_TERRAFORM_PROVIDER_VERSION); default AWS_PROVIDER_CONSTRAINT. */
      providerVersion?: string;
      /** Default: <stateRoot>/terraform. */
      workDir?: string;
      /** Stop before applying a plan that replaces or destroys the group or the launch template, unless true. */
      allowReplace?: boolean;
    };

export const FALLBACK_NOTICE =
  "no terraform or tofu binary found on PATH: applying the stack with roll's built-in direct applier (install Terraform or OpenTofu, or pass --infra direct to choose it)";

export const INFRA_HELP = "how the stack is applied: terraform or tofu (the default when one is on PATH), or direct (roll's built-in applier)";

/** Reads `--infra` (or ROLL_INFRA) and the ROLL_TERRAFORM* settings; the bad value goes in the message. */
export function parseInfraChoice(value: string | undefined, env: NodeJS.ProcessEnv = process.env, flags: { allowReplace?: boolean } = {}): InfraChoice {
  const kind = value || env.ROLL_INFRA || undefined;
  const providerVersion = {
    ...(env.ROLL_TERRAFORM_PROVIDER_VERSION ? { providerVersion: env.ROLL_TERRAFORM_PROVIDER_VERSION } : {}),
    ...(flags.allowReplace ? { allowReplace: true } : {}),
  };
  if (kind === undefined) {
    try {
      const found = findTerraformBinary(undefined, env);
      return { kind: "terraform", binary: found.path, tool: found.tool, ...providerVersion };
    } catch {
      return { kind: "direct", fallback: true };
    }
  }
  if (kind === "direct") return { kind };
  if (kind === "terraform" || kind === "tofu") {
    return { kind: "terraform", ...(kind === "tofu" ? { binary: "tofu" } : {}), ...providerVersion };
  }
  throw userError("bad-infra", `--infra must be "direct" or "terraform" (or "tofu"), got ${JSON.stringify(kind)}`);
}

/** The engine's name for the result record: direct, terraform or tofu. */
export function infraName(choice: InfraChoice | undefined, env: NodeJS.ProcessEnv = process.env): InfraKind {
  if (!choice || choice.kind === "direct") return "direct";
  if (choice.tool) return choice.tool;
  try {
    return findTerraformBinary(choice.binary, env).tool;
  } catch {
    return choice.binary?.includes("tofu") ? "tofu" : "terraform";
  }
}

/**
 * Checked before a run changes anything: real AWS is not deployed with the fallback applier by
 * accident. Returns the once-per-run notice to show, if any.
 */
export function checkInfraChoice(choice: InfraChoice | undefined, target: CloudTarget): string | undefined {
  if (choice?.kind !== "direct" || !choice.fallback) return undefined;
  if (target.kind === "aws") {
    throw new RollError("terraform-missing", "target aws needs Terraform or OpenTofu, and neither tofu nor terraform was found on PATH", {
      fault: "user",
      hint: "install Terraform or OpenTofu (or set ROLL_TERRAFORM to its path), or pass --infra direct to apply with roll's built-in applier",
    });
  }
  return FALLBACK_NOTICE;
}

/** What synthesis must add for this choice: Terraform needs the sandbox's endpoints in the provider. */
export function infraSynthOptions(choice: InfraChoice | undefined, target: CloudTarget): { target?: { kind: "sandbox" | "aws"; endpoint?: string }; providerVersion?: string } {
  if (choice?.kind !== "terraform") return {};
  return {
    target: { kind: target.kind, ...(target.endpoint ? { endpoint: target.endpoint } : {}) },
    ...(choice.providerVersion ? { providerVersion: choice.providerVersion } : {}),
  };
}

/**
 * Where Terraform works for a state root: beside roll's own state (<stateRoot>/terraform), or, with
 * S3 state (ROLL_STATE=s3://bucket/prefix), in .roll/<target>/terraform locally with the Terraform
 * state itself in the same bucket (S3 backend, `use_lockfile`).
 */
export function terraformLocation(stateRoot: string, target: CloudTarget): { workDir: string; backend?: BackendConfig } {
  if (!isS3Path(stateRoot)) return { workDir: join(stateRoot, "terraform") };
  const { bucket, key } = parseS3Path(stateRoot);
  const prefix = key.replace(/\/+$/, "");
  const targetName = prefix.split("/").at(-1) || target.kind;
  return {
    workDir: join(".roll", targetName, "terraform"),
    backend: { kind: "s3", bucket, key: `${prefix ? `${prefix}/` : ""}terraform/{app}/terraform.tfstate`, region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) },
  };
}

export interface CreateInfraOptions {
  stateRoot: string;
  /** Every terraform command run, with its duration (for the result's per-phase figures). */
  onCommand?: (record: CommandRecord) => void;
}

export function createInfra(choice: InfraChoice | undefined, clients: CloudClients, options: CreateInfraOptions): InfraPort {
  if (!choice || choice.kind === "direct") return createDirectApplier(clients);
  // Against the sandbox, Terraform's provider needs some credentials (any non-empty pair works), and
  // no CA bundle: the sandbox speaks plain HTTP on a loopback address.
  const { AWS_CA_BUNDLE: _noTls, ...plain } = process.env;
  const base = clients.target.kind === "sandbox"
    ? { ...plain, AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true" }
    : process.env;
  const location = terraformLocation(options.stateRoot, clients.target);
  const workDir = choice.workDir ?? location.workDir;
  return createTerraformInfra({
    binary: choice.binary,
    backend: choice.backend ?? location.backend,
    workDir,
    env: providerInstallEnv(base, workDir),
    allowReplace: choice.allowReplace,
    findExisting: (stack, signal) => existingStackObjects(clients, stack, signal),
    onCommand: options.onCommand,
  });
}
