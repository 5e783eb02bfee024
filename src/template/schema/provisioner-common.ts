// Fields every provisioner accepts (only / except are read separately into ProvisionerConfig), and
// Packer's per-source `override`: `override = { <source name> = { field = value } }` replaces fields of
// the provisioner for that source only (merged by the bake, see provisionersFor).

import { ANY, mapOf } from "../eval/types.js";
import { isObject } from "../eval/values.js";
import { string, number, type BlockRule, type FieldSpec, type RuleProblem } from "./types.js";

export const provisionerCommonFields: Record<string, FieldSpec> = {
  pause_before: string,
  max_retries: number,
  timeout: string,
  override: { kind: "attribute", type: mapOf(ANY) },
};

/** Each override names a source and holds fields the provisioner itself has (not only/except/override). */
export function overrideRule(fields: () => Record<string, FieldSpec>): BlockRule {
  return (values) => {
    const override = values.override;
    if (!isObject(override)) return [];
    const problems: RuleProblem[] = [];
    for (const [source, body] of Object.entries(override)) {
      if (!isObject(body)) {
        problems.push({ field: "override", message: `override.${source} must be an object of fields, such as { inline = [...] }` });
        continue;
      }
      for (const name of Object.keys(body)) {
        if (name === "override" || name === "only" || name === "except" || !(name in fields())) {
          problems.push({ field: "override", message: `override.${source}: unknown field "${name}"` });
        }
      }
    }
    return problems;
  };
}
