// Local paths in a template are relative to its folder (path.root), whatever the working directory.

import { existsSync } from "node:fs";
import path from "node:path";
import type { FieldReader } from "../fields.js";

/** Resolves against the template root, keeping a trailing slash (it means "contents of" for directories). */
export function resolveLocal(templateRoot: string, value: string): string {
  const resolved = path.resolve(templateRoot, value);
  return value.endsWith("/") && !resolved.endsWith("/") ? `${resolved}/` : resolved;
}

export function existingLocal(fields: FieldReader, field: string, templateRoot: string, value: string): string {
  const resolved = resolveLocal(templateRoot, value);
  if (!existsSync(resolved)) throw fields.error(field, `"${field}": ${value} does not exist (looked for ${resolved})`);
  return resolved;
}
