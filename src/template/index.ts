// The template layer's public face: load (first error throws), check (all errors), describe.

import { diagnosticToRollError } from "./diagnostics.js";
import { checkTemplateAt } from "./load/load.js";
import type { ImageTemplate, LoadOptions, TemplateDiagnostic } from "./types.js";

export { describeBuilds, type BuildDescription } from "./describe.js";
export { appliesTo } from "./load/builds.js";
export { dataPlaceholder } from "./load/sources.js";
export type * from "./types.js";

/**
 * Loads and evaluates a template: a .pkr.hcl file, or a folder of *.pkr.hcl (+ *.auto.pkrvars.hcl).
 * Throws a RollError (code "template-invalid", fault "user", with file/line/column/field) for the first problem.
 */
export async function loadTemplate(path: string, options: LoadOptions = {}): Promise<ImageTemplate> {
  const result = await checkTemplateAt(path, options);
  if (result.template) return result.template;
  throw diagnosticToRollError(result.diagnostics[0]!);
}

/** Every problem in the template, for `roll validate`; `template` is set only when there are none. */
export async function checkTemplate(
  path: string,
  options: LoadOptions = {},
): Promise<{ template?: ImageTemplate; diagnostics: TemplateDiagnostic[]; warnings: TemplateDiagnostic[] }> {
  return checkTemplateAt(path, options);
}
