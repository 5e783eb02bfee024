// Which files make up a template: one .pkr.hcl file, or every *.pkr.hcl in a folder plus its
// *.auto.pkrvars.hcl files (Packer only loads those for a folder), in lexical order. A single file may
// also be a legacy JSON template.

import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { TemplateError } from "../diagnostics.js";

export interface TemplateFiles {
  /** Absolute path of the template folder (path.root). */
  root: string;
  templates: string[];
  autoVarFiles: string[];
}

export async function findTemplateFiles(target: string, cwd: string): Promise<TemplateFiles> {
  const absolute = path.resolve(cwd, target);
  const where = { file: target, line: 0, column: 0 };
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new TemplateError(`template not found: ${target}`, where);
  if (info.isFile()) {
    // Legacy JSON templates (builders/provisioners) are read through an upgrade to HCL; Packer's
    // HCL-in-JSON syntax (.pkr.json) is a different format, not read yet.
    if (absolute.endsWith(".pkr.json")) throw new TemplateError("HCL-in-JSON templates (.pkr.json) are not supported; use HCL (.pkr.hcl)", where);
    return { root: path.dirname(absolute), templates: [absolute], autoVarFiles: [] };
  }
  const names = (await readdir(absolute)).sort();
  const templates = names.filter((name) => name.endsWith(".pkr.hcl")).map((name) => path.join(absolute, name));
  if (templates.length === 0) {
    const hint = names.some((name) => name.endsWith(".pkr.json")) ? " (JSON templates are not supported)" : "";
    throw new TemplateError(`no *.pkr.hcl files in ${target}${hint}`, where);
  }
  const autoVarFiles = names.filter((name) => name.endsWith(".auto.pkrvars.hcl")).map((name) => path.join(absolute, name));
  return { root: absolute, templates, autoVarFiles };
}

/** How positions name a file: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
