// What a version was built from, besides the template's text: the variables given (sensitive ones as a
// salted hash, never the value), the var-files (path and content hash) and the template's digest.
// Recorded on every version so that history can say what v7 was, a rebake can rebuild exactly it,
// and a deploy without --var can keep what runs.

import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { userError } from "../engine/errors.js";
import type { ImageTemplate } from "../template/types.js";
import type { VersionInputs } from "./types.js";

function saltedHash(salt: string, value: string): string {
  return createHash("sha256").update(salt).update("\0").update(value).digest("hex");
}

async function fileHash(path: string): Promise<string> {
  const text = await readFile(path).catch(() => undefined);
  return text ? createHash("sha256").update(text).digest("hex") : "missing";
}

/** The inputs of a bake, as recorded on its version. Paths of var-files are kept relative to the project. */
export async function recordInputs(
  template: ImageTemplate,
  given: { vars: Record<string, string>; varFiles: string[] },
  projectRoot: string,
  templateHash: string,
): Promise<VersionInputs> {
  const vars: Record<string, string> = {};
  const sensitive: Record<string, string> = {};
  const salt = randomBytes(8).toString("hex");
  for (const [name, value] of Object.entries(given.vars)) {
    if (template.variables[name]?.sensitive) sensitive[name] = `sha256:${salt}:${saltedHash(salt, value)}`;
    else vars[name] = value;
  }
  const varFiles = [];
  for (const file of given.varFiles) {
    const path = isAbsolute(file) ? file : resolve(projectRoot, file);
    varFiles.push({ path: relative(projectRoot, path) || path, sha256: await fileHash(path) });
  }
  return { vars, sensitive, varFiles, templateHash };
}

/** Whether the given value of a sensitive variable is the one the version was built with. */
export function sameSensitive(recorded: string, value: string): boolean {
  const [scheme, salt, hash] = recorded.split(":");
  return scheme === "sha256" && saltedHash(salt, value) === hash;
}

export function hasInputs(given: { vars: Record<string, string>; varFiles: string[] }): boolean {
  return Object.keys(given.vars).length > 0 || given.varFiles.length > 0;
}

/** "release=7, region=us-east-1, token=<sensitive>, var-file vars/prod.pkrvars.hcl" (or "template defaults"). */
export function describeInputs(inputs: VersionInputs | undefined): string {
  if (!inputs) return "not recorded";
  const parts = [
    ...Object.entries(inputs.vars).map(([name, value]) => `${name}=${value}`),
    ...Object.keys(inputs.sensitive).map((name) => `${name}=<sensitive>`),
    ...inputs.varFiles.map((file) => `var-file ${file.path}`),
  ];
  return parts.length > 0 ? parts.join(", ") : "template defaults";
}

export interface ReuseReport {
  vars: Record<string, string>;
  varFiles: string[];
  /** What differs from the recorded inputs and cannot be restored, in words. */
  warnings: string[];
}

/** The recorded inputs as arguments for a new bake, with what no longer matches. */
export async function reuseInputs(inputs: VersionInputs, projectRoot: string, version: string): Promise<ReuseReport> {
  const warnings: string[] = [];
  for (const file of inputs.varFiles) {
    const now = await fileHash(resolve(projectRoot, file.path));
    if (now !== file.sha256) warnings.push(`var-file ${file.path} ${now === "missing" ? "is gone" : "changed"} since ${version}`);
  }
  return { vars: { ...inputs.vars }, varFiles: inputs.varFiles.map((file) => file.path), warnings };
}

/**
 * A rebuild must get every sensitive variable the version was built with, with the same value: they are
 * never stored, so they come again from --var, a var-file or PKR_VAR_<name>.
 */
export function checkSensitiveInputs(template: ImageTemplate, inputs: VersionInputs, version: string, file: string): void {
  for (const [name, recorded] of Object.entries(inputs.sensitive)) {
    const value = template.variables[name]?.value;
    if (typeof value !== "string" || !sameSensitive(recorded, value)) {
      throw userError(
        "inputs-differ",
        `sensitive variable "${name}" is ${typeof value === "string" ? "not the value" : "missing, unlike"} ${version} was built with; its value is never stored`,
        { file, field: `variable.${name}` },
        `give it again with --var ${name}=… or PKR_VAR_${name}`,
      );
    }
  }
}
