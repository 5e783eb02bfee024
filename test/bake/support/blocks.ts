// Hand-built BlockConfig objects, as the template loader would produce them.

import type { ProvisionerConfig, Value } from "../../../src/template/types.js";

export const TEMPLATE_FILE = "/templates/app.pkr.hcl";

/** Each field is placed on its own line after the block's line, so errors can be checked for it. */
export function block(type: string, fields: Record<string, Value>, line = 10, name = ""): ProvisionerConfig {
  const fieldPositions = Object.fromEntries(
    Object.keys(fields).map((field, i) => [field, { file: TEMPLATE_FILE, line: line + 1 + i, column: 3 }]),
  );
  return { type, name, position: { file: TEMPLATE_FILE, line, column: 1 }, fields, fieldPositions };
}

/** The amazon-ebs fields every builder test starts from: the sandbox's base image, a fast SSH timeout. */
export function sandboxSourceFields(amiName: string): Record<string, Value> {
  return {
    source_ami_filter: { filters: { name: "sandbox-linux-base-*" }, owners: ["amazon"], most_recent: true },
    instance_type: "t3.micro",
    ssh_timeout: "30s",
    temporary_key_pair_type: "ed25519",
    ami_name: amiName,
  };
}
