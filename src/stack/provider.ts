// The AWS provider block every app stack gets. The source is written fully qualified
// (`hashicorp/aws`): cdktf writes the short `aws`, which Terraform expands but OpenTofu resolves
// against its own registry. For the sandbox, the endpoints point at it so that a plain
// `terraform apply` of the synthesized JSON could also target it.

import type { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";

export interface ProviderTarget {
  kind: "sandbox" | "aws";
  /** The sandbox's endpoint, e.g. http://127.0.0.1:4566. */
  endpoint?: string;
}

export interface ProviderOptions {
  target?: ProviderTarget;
  /** Version constraint for hashicorp/aws; default AWS_PROVIDER_CONSTRAINT (ROLL_TERRAFORM_PROVIDER_VERSION overrides). */
  version?: string;
}

export const AWS_PROVIDER_SOURCE = "hashicorp/aws";

/**
 * The AWS provider versions the synthesized stack is valid for: the 5.x line from 5.100 (what offline
 * mirrors commonly hold) and 6.x (what the bindings were generated from). The stack uses only
 * arguments both lines accept, so Terraform may pick the newest version it can install.
 */
export const AWS_PROVIDER_CONSTRAINT = ">= 5.100, < 7";

export function addAwsProvider(stack: TerraformStack, region: string, options: ProviderOptions = {}): AwsProvider {
  const { target } = options;
  const sandbox = target?.kind === "sandbox" && target.endpoint !== undefined;
  const provider = new AwsProvider(stack, "aws", {
    region,
    // Credentials are deliberately not written here: Terraform takes them from the environment
    // (any non-empty key pair works for the sandbox).
    ...(sandbox
      ? {
          endpoints: [{ ec2: target.endpoint, autoscaling: target.endpoint }],
          skipCredentialsValidation: true,
          skipRequestingAccountId: true,
          skipMetadataApiCheck: "true",
          skipRegionValidation: true,
        }
      : {}),
  });
  stack.addOverride("terraform.required_providers.aws.source", AWS_PROVIDER_SOURCE);
  stack.addOverride("terraform.required_providers.aws.version", options.version ?? AWS_PROVIDER_CONSTRAINT);
  return provider;
}
