// Typed reading of an evaluated block's fields, validated up front: every error names the file,
// line and field where the bad value was written, and shows the value.

import { userError, type Location, type RollError } from "../engine/errors.js";
import type { BlockConfig, Value } from "../template/types.js";
import { parseDuration } from "./duration.js";

function show(value: Value): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kindOf(value: Value): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

export class FieldReader {
  private readonly seen = new Set<string>();

  /** `what` names the block in messages, e.g. `provisioner "shell"` or `source "amazon-ebs" "app"`. */
  constructor(
    readonly block: BlockConfig,
    readonly what: string,
  ) {}

  location(field?: string): Location {
    const at = (field && this.block.fieldPositions[field]) || this.block.position;
    return { file: at.file, line: at.line, column: at.column, ...(field ? { field } : {}) };
  }

  error(field: string | undefined, message: string, hint?: string): RollError {
    return userError("invalid-config", `${this.what}: ${message}`, this.location(field), hint);
  }

  has(field: string): boolean {
    const value = this.block.fields[field];
    return value !== undefined && value !== null;
  }

  private raw(field: string): Value | undefined {
    this.seen.add(field);
    const value = this.block.fields[field];
    return value === null ? undefined : value;
  }

  private wrong(field: string, expected: string, value: Value): RollError {
    return this.error(field, `"${field}" must be ${expected}, got ${kindOf(value)} ${show(value)}`);
  }

  string(field: string): string | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw this.wrong(field, "a string", value);
    return value;
  }

  requiredString(field: string): string {
    const value = this.string(field);
    if (value === undefined || value === "") throw this.error(field, `"${field}" is required`);
    return value;
  }

  bool(field: string, fallback = false): boolean {
    const value = this.raw(field);
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") throw this.wrong(field, "a bool", value);
    return value;
  }

  integer(field: string, options: { min?: number; max?: number } = {}): number | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) throw this.wrong(field, "a whole number", value);
    if (options.min !== undefined && number < options.min) throw this.error(field, `"${field}" must be at least ${options.min}, got ${number}`);
    if (options.max !== undefined && number > options.max) throw this.error(field, `"${field}" must be at most ${options.max}, got ${number}`);
    return number;
  }

  stringList(field: string): string[] | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw this.wrong(field, "a list of strings", value);
    return value as string[];
  }

  integerList(field: string): number[] | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "number" || !Number.isInteger(item))) {
      throw this.wrong(field, "a list of whole numbers", value);
    }
    return value as number[];
  }

  stringMap(field: string): Record<string, string> | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value) || Object.values(value).some((item) => typeof item !== "string")) {
      throw this.wrong(field, "a map of strings", value);
    }
    return value as Record<string, string>;
  }

  object(field: string): FieldReader | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const single = Array.isArray(value) && value.length === 1 ? value[0]! : value;
    if (typeof single !== "object" || single === null || Array.isArray(single)) throw this.wrong(field, "a block", value);
    const at = this.block.fieldPositions[field] ?? this.block.position;
    const positions = Object.fromEntries(
      Object.entries(this.block.fieldPositions)
        .filter(([key]) => key.startsWith(`${field}.`))
        .map(([key, position]) => [key.slice(field.length + 1), position]),
    );
    const nested: BlockConfig = { type: field, name: "", position: at, fields: single as Record<string, Value>, fieldPositions: positions };
    // When the parser kept no positions for the nested fields, errors point at the block's line.
    return new FieldReader(nested, `${this.what} ${field}`);
  }

  /** A Packer duration ("5m", "30s"); bare numbers are seconds. */
  duration(field: string): number | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? parseDuration(value) : undefined;
    if (ms === undefined || ms < 0) throw this.wrong(field, `a duration such as "30s" or "5m"`, value);
    return ms;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(field);
    if (value === undefined || value === "") return fallback;
    if (!allowed.includes(value as T)) throw this.error(field, `"${field}" must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got "${value}"`);
    return value as T;
  }

  /** Refuses fields this block does not know (a typo must not be silently ignored). */
  rejectUnknown(known: readonly string[]): void {
    for (const field of Object.keys(this.block.fields)) {
      if (!known.includes(field)) throw this.error(field, `unknown field "${field}"`);
    }
  }
}
