// Which implementation of the infrastructure port a run uses (`--infra direct|terraform`), and what
// the stack's synthesis needs for it. The direct applier is the default: it needs no binary.

import { join } from "node:path";
import { isS3Path } from "../releases/backend/index.js";
import type { CloudClients, CloudTarget } from "../cloud/target.js";
import { SANDBOX_CREDENTIALS } from "../cloud/target.js";
import { userError } from "../engine/errors.js";
import { createDirectApplier } from "./direct/applier.js";
import type { InfraPort } from "./port.js";
import { createTerraformInfra } from "./terraform/adapter.js";
import type { BackendConfig } from "./terraform/backend.js";

export type InfraKind = "direct" | "terraform";

export type InfraChoice =
  | { kind: "direct" }
  | {
      kind: "terraform";
      /** "terraform", "tofu" or a path; default ROLL_TERRAFORM, else tofu or terraform on PATH. */
      binary?: string;
      backend?: BackendConfig;
      /** hashicorp/aws constraint for installations that mirror another version (ROLL_TERRAFORM_PROVIDER_VERSION). */
      providerVersion?: string;
      /** Default: <stateRoot>/terraform. */
      workDir?: string;
    };

/** Reads `--infra` (or ROLL_INFRA) and the ROLL_TERRAFORM* settings; the bad value goes in the message. */
export function parseInfraChoice(value: string | undefined, env: NodeJS.ProcessEnv = process.env): InfraChoice {
  const kind = value ?? env.ROLL_INFRA ?? "direct";
  if (kind === "direct") return { kind };
  if (kind === "terraform" || kind === "tofu") {
    return {
      kind: "terraform",
      ...(kind === "tofu" ? { binary: "tofu" } : {}),
      ...(env.ROLL_TERRAFORM_PROVIDER_VERSION ? { providerVersion: env.ROLL_TERRAFORM_PROVIDER_VERSION } : {}),
    };
  }
  throw userError("bad-infra", `--infra must be "direct" or "terraform" (or "tofu"), got ${JSON.stringify(kind)}`);
}

/** What synthesis must add for this choice: Terraform needs the sandbox's endpoints in the provider. */
export function infraSynthOptions(choice: InfraChoice | undefined, target: CloudTarget): { target?: { kind: "sandbox" | "aws"; endpoint?: string }; providerVersion?: string } {
  if (choice?.kind !== "terraform") return {};
  return {
    target: { kind: target.kind, ...(target.endpoint ? { endpoint: target.endpoint } : {}) },
    ...(choice.providerVersion ? { providerVersion: choice.providerVersion } : {}),
  };
}

export function createInfra(choice: InfraChoice | undefined, clients: CloudClients, options: { stateRoot: string }): InfraPort {
  if (!choice || choice.kind === "direct") return createDirectApplier(clients);
  // Against the sandbox, Terraform's provider needs some credentials (any non-empty pair works).
  const env = clients.target.kind === "sandbox"
    ? { ...process.env, AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true" }
    : process.env;
  return createTerraformInfra({ binary: choice.binary, backend: choice.backend, workDir: choice.workDir ?? (isS3Path(options.stateRoot) ? join(".roll", "terraform") : join(options.stateRoot, "terraform")), env });
}
