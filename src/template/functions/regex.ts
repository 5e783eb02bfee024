// Packer's regular expressions are Go RE2; JavaScript's are close enough for templates once the few
// spelling differences are translated: (?P<name>…) groups and ${1} / ${name} replacements.

import { TemplateError } from "../diagnostics.js";
import type { SourcePosition } from "../types.js";

export function compileRegex(pattern: string, pos: SourcePosition, flags: string): RegExp {
  const translated = pattern.replace(/\(\?P</g, "(?<");
  try {
    return new RegExp(translated, `${flags}u`);
  } catch (error) {
    throw new TemplateError(`invalid regular expression "${pattern}": ${(error as Error).message}`, pos);
  }
}

/** Go's $1, ${1}, $name, ${name} -> JavaScript's $1, $<name>. */
export function goReplacement(replacement: string): string {
  return replacement
    .replace(/\$\{(\d+)\}/g, "$$$1")
    .replace(/\$\{(\w+)\}/g, "$$<$1>")
    .replace(/\$([A-Za-z_]\w*)/g, "$$<$1>");
}
