// Packer still renders Go-template placeholders inside builder and provisioner strings: {{timestamp}}
// (unix seconds of the build start), {{isotime}} / {{isotime "2006-01-02"}} and {{uuid}}. Context
// references such as {{ .Vars }} and {{ .Path }} belong to the step that runs (the shell provisioner's
// execute_command fills them in), so they are left exactly as written.

import { randomUUID } from "node:crypto";
import { TemplateError } from "../diagnostics.js";
import type { SourcePosition, Value } from "../types.js";
import { formatGoLayout } from "./gotime.js";
import { isObject } from "./values.js";

const PLACEHOLDER = /\{\{-?\s*(.*?)\s*-?\}\}/g;

export function renderLegacy(text: string, now: Date, pos: SourcePosition): string {
  if (!text.includes("{{")) return text;
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    if (inner.startsWith(".")) return whole;
    if (inner === "timestamp") return String(Math.floor(now.getTime() / 1000));
    if (inner === "uuid") return randomUUID();
    const isotime = /^isotime(?:\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`))?$/.exec(inner);
    if (isotime) {
      const layout = isotime[1] !== undefined ? JSON.parse(`"${isotime[1]}"`) as string : isotime[2] ?? "2006-01-02T15:04:05Z07:00";
      return formatGoLayout({ date: now, offsetMinutes: 0 }, layout);
    }
    throw new TemplateError(
      `unsupported legacy placeholder "${whole}"`,
      pos,
      undefined,
      "roll renders {{timestamp}}, {{isotime}}, {{isotime \"layout\"}} and {{uuid}}; use HCL instead (var.x, timestamp(), formatdate())",
    );
  });
}

/** Renders placeholders in every string inside a value. */
export function renderLegacyValue(value: Value, now: Date, pos: SourcePosition): Value {
  if (typeof value === "string") return renderLegacy(value, now, pos);
  if (Array.isArray(value)) return value.map((item) => renderLegacyValue(item, now, pos));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderLegacyValue(item, now, pos)]));
  return value;
}
