// Packer's execute_command is a Go template with a few keys ({{ .Vars }}, {{ .Path }}); only those
// are accepted, and an unknown key is a configuration error, not silent empty text.

import type { FieldReader } from "../fields.js";

const PLACEHOLDER = /\{\{\s*\.(\w+)\s*\}\}/g;

export function checkCommandTemplate(fields: FieldReader, field: string, template: string, keys: readonly string[]): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!keys.includes(match[1]!)) {
      throw fields.error(field, `"${field}" uses {{ .${match[1]} }}; known keys are ${keys.map((k) => `{{ .${k} }}`).join(", ")}`);
    }
  }
}

export function renderCommand(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_, key: string) => values[key] ?? "");
}
