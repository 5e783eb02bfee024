// Every provisioner is read and checked before the bake creates anything: a typo in the last one must
// not cost a builder instance. Fields common to all types (pause_before, max_retries, timeout) too.

import { userError } from "../../engine/errors.js";
import type { ProvisionerConfig } from "../../template/types.js";
import { FieldReader } from "../fields.js";
import { PROVISIONER_KINDS } from "./registry.js";
import type { ProvisionerKind } from "./types.js";

export const COMMON_FIELDS = ["pause_before", "max_retries", "timeout", "only", "except"] as const;

export interface PreparedProvisioner {
  index: number;
  type: string;
  block: ProvisionerConfig;
  kind: ProvisionerKind<unknown>;
  config: unknown;
  pauseBeforeMs: number;
  maxRetries: number;
  timeoutMs?: number;
}

export function prepareProvisioner(block: ProvisionerConfig, index: number, templateRoot: string): PreparedProvisioner {
  const kind = PROVISIONER_KINDS[block.type];
  if (!kind) {
    throw userError(
      "unknown-provisioner",
      `roll cannot run provisioner "${block.type}" yet; it runs ${Object.keys(PROVISIONER_KINDS).map((k) => `"${k}"`).join(", ")}`,
      { file: block.position.file, line: block.position.line, column: block.position.column },
    );
  }
  const fields = new FieldReader(block, `provisioner "${block.type}"`);
  fields.rejectUnknown([...kind.fields, ...COMMON_FIELDS]);
  const pauseBeforeMs = fields.duration("pause_before") ?? 0;
  const maxRetries = fields.integer("max_retries", { min: 0 }) ?? 0;
  const timeoutMs = fields.duration("timeout");
  return { index, type: block.type, block, kind, config: kind.parse(fields, templateRoot), pauseBeforeMs, maxRetries, timeoutMs: timeoutMs || undefined };
}

/**
 * Keeps the provisioners that apply to `sourceName` ("amazon-ebs.app"), as Packer's only/except do,
 * with Packer's per-source `override` (keyed by the source's name, "app") merged into each one's fields.
 */
export function provisionersFor(blocks: ProvisionerConfig[], sourceName: string): ProvisionerConfig[] {
  const bare = sourceName.split(".").slice(1).join(".");
  const matches = (names: string[]) => names.some((name) => name === sourceName || name === bare || name === `source.${sourceName}`);
  return blocks
    .filter((block) => {
      if (block.only && block.only.length > 0 && !matches(block.only)) return false;
      if (block.except && matches(block.except)) return false;
      return true;
    })
    .map((block) => withOverride(block, [bare, sourceName]));
}

function withOverride(block: ProvisionerConfig, names: string[]): ProvisionerConfig {
  if (!("override" in block.fields)) return block;
  const { override, ...fields } = block.fields;
  const overrides = override !== null && typeof override === "object" && !Array.isArray(override) ? override : {};
  const chosen = names.map((name) => overrides[name]).find((value) => value !== undefined);
  if (chosen === null || typeof chosen !== "object" || Array.isArray(chosen)) return { ...block, fields };
  // Overridden fields are reported at the override attribute, where the user wrote them.
  const at = block.fieldPositions.override ?? block.position;
  const fieldPositions = { ...block.fieldPositions, ...Object.fromEntries(Object.keys(chosen).map((name) => [name, at])) };
  return { ...block, fields: { ...fields, ...chosen }, fieldPositions };
}

export function prepareProvisioners(blocks: ProvisionerConfig[], templateRoot: string): PreparedProvisioner[] {
  return blocks.map((block, index) => prepareProvisioner(block, index, templateRoot));
}
