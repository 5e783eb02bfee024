// Small facts about evaluated values that the evaluator, functions and type conversion share.

import { TemplateError } from "../diagnostics.js";
import type { SourcePosition, Value } from "../types.js";

export type ObjectValue = { [key: string]: Value };

export function isObject(value: Value): value is ObjectValue {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function typeName(value: Value): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "object";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

/** HCL's automatic conversion to string: numbers and bools convert, collections do not. */
export function toText(value: Value, pos: SourcePosition, what = "value"): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return String(value);
  if (value === null) throw new TemplateError(`${what} is null; a string is required`, pos);
  throw new TemplateError(`${what} is a ${typeName(value)}; a string is required`, pos);
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

export function toNumber(value: Value, pos: SourcePosition, what = "value"): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  throw new TemplateError(`${what} must be a number, got ${describe(value)}`, pos);
}

export function toBool(value: Value, pos: SourcePosition, what = "value"): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new TemplateError(`${what} must be a bool, got ${describe(value)}`, pos);
}

export function toList(value: Value, pos: SourcePosition, what = "value"): Value[] {
  if (Array.isArray(value)) return value;
  throw new TemplateError(`${what} must be a list, got ${describe(value)}`, pos);
}

export function toObject(value: Value, pos: SourcePosition, what = "value"): ObjectValue {
  if (isObject(value)) return value;
  throw new TemplateError(`${what} must be a map or object, got ${describe(value)}`, pos);
}

/** "string \"abc\"", "a list", … short enough for a message; never the whole value. */
export function describe(value: Value): string {
  if (typeof value === "string") return value.length > 30 ? "a string" : `"${value}"`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeName(value)} ${String(value)}`;
  if (value === null) return "null";
  return `a ${typeName(value)}`;
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => valuesEqual(item, b[index]!));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && valuesEqual(a[key]!, b[key]!));
  }
  return false;
}

/** Every string inside a value, for redaction lists. */
export function leafStrings(value: Value): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (isObject(value)) return Object.values(value).flatMap(leafStrings);
  return [];
}
