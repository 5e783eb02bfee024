// A small schema checker for the settings users write in stacks/<app>.ts (plain objects, not files we
// parse): known keys with "did you mean", types, ranges and custom checks. It collects every problem
// with its field path and the bad value, so one run shows them all.

import { suggest } from "../../template/load/suggest.js";

export interface Issue {
  /** Dotted path, e.g. "rollout.gates[0].port". */
  field: string;
  value: unknown;
  message: string;
  hint?: string;
  /** The value must not be shown (a webhook URL may carry a token). */
  sensitive?: boolean;
}

export type Check = (value: unknown, field: string, issues: Issue[]) => void;

export function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function num(options: { min?: number; max?: number; integer?: boolean; what?: string } = {}): Check {
  return (value, field, issues) => {
    const what = options.what ?? (options.integer ? "a whole number" : "a number");
    const range =
      options.min !== undefined && options.max !== undefined
        ? ` from ${options.min} to ${options.max}`
        : options.min !== undefined
          ? ` >= ${options.min}`
          : options.max !== undefined
            ? ` <= ${options.max}`
            : "";
    const bad = (message: string) => issues.push({ field, value, message, hint: typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? `write ${Number(value)} without quotes` : undefined });
    if (typeof value !== "number" || !Number.isFinite(value)) return bad(`must be ${what}${range}, got ${kind(value)}`);
    if (options.integer && !Number.isInteger(value)) return bad(`must be ${what}${range}`);
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) bad(`must be ${what}${range}`);
  };
}

export function str(options: { nonEmpty?: boolean; check?: (text: string) => string | undefined; sensitive?: boolean } = {}): Check {
  return (value, field, issues) => {
    if (typeof value !== "string") return void issues.push({ field, value, message: `must be a string, got ${kind(value)}`, sensitive: options.sensitive });
    if (options.nonEmpty && value.trim() === "") return void issues.push({ field, value, message: "must not be empty" });
    const problem = options.check?.(value);
    if (problem) issues.push({ field, value, message: problem, sensitive: options.sensitive });
  };
}

export const bool: Check = (value, field, issues) => {
  if (typeof value !== "boolean") issues.push({ field, value, message: `must be true or false, got ${kind(value)}` });
};

export const func: Check = (value, field, issues) => {
  if (typeof value !== "function") issues.push({ field, value, message: `must be a function, got ${kind(value)}` });
};

export function list(item: Check, options: { nonEmpty?: boolean; check?: (items: unknown[]) => string | undefined } = {}): Check {
  return (value, field, issues) => {
    if (!Array.isArray(value)) return void issues.push({ field, value, message: `must be a list, got ${kind(value)}` });
    if (options.nonEmpty && value.length === 0) return void issues.push({ field, value, message: "must not be empty" });
    const before = issues.length;
    value.forEach((element, index) => item(element, `${field}[${index}]`, issues));
    const problem = issues.length === before ? options.check?.(value) : undefined;
    if (problem) issues.push({ field, value, message: problem });
  };
}

export interface Field {
  check: Check;
  required?: boolean;
}

/** Where a key that does not belong here usually goes, for a better hint than "did you mean". */
export type Elsewhere = Record<string, string>;

export function object(fields: Record<string, Field | Check>, options: { elsewhere?: Elsewhere; what?: string } = {}): Check {
  const spec = Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, typeof f === "function" ? { check: f } : f]));
  return (value, field, issues) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return void issues.push({ field, value, message: `must be an object, got ${kind(value)}` });
    }
    const record = value as Record<string, unknown>;
    const at = (key: string) => (field ? `${field}.${key}` : key);
    for (const key of Object.keys(record)) {
      if (key in spec) continue;
      const elsewhere = options.elsewhere?.[key];
      const near = suggest(key, Object.keys(spec));
      issues.push({
        field: at(key),
        value: record[key],
        message: `unknown setting "${key}"${options.what ? ` in ${options.what}` : ""}`,
        hint: elsewhere ?? (near ? `did you mean "${near}"?` : `known settings: ${Object.keys(spec).join(", ")}`),
      });
    }
    for (const [key, { check, required }] of Object.entries(spec)) {
      if (record[key] === undefined) {
        if (required) issues.push({ field: at(key), value: undefined, message: "is required" });
        continue;
      }
      check(record[key], at(key), issues);
    }
  };
}

/** Objects told apart by their `type` field, e.g. the health gates. */
export function tagged(variants: Record<string, Check>, what: string): Check {
  return (value, field, issues) => {
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof value !== "object" || value === null) return void issues.push({ field, value, message: `must be an object, got ${kind(value)}` });
    if (typeof type !== "string" || !(type in variants)) {
      const near = typeof type === "string" ? suggest(type, Object.keys(variants)) : undefined;
      return void issues.push({
        field: `${field}.type`,
        value: type,
        message: type === undefined ? `${what} needs a "type"` : `unknown ${what} type ${show(type)}`,
        hint: near ? `did you mean "${near}"?` : `known types: ${Object.keys(variants).join(", ")}`,
      });
    }
    variants[type](value, field, issues);
  };
}
