// Decoded form parameters of a query-protocol request, with helpers for AWS's flattened lists:
// EC2 sends `Name.N` (1-based), awsQuery sends `Name.member.N`. Empty values count as absent,
// because some clients send `SubnetId=` for "not set".

import { ApiError } from "./errors.js";

export type ListStyle = "ec2" | "member";

export class FormParams {
  constructor(
    private readonly entries: ReadonlyMap<string, string>,
    readonly style: ListStyle,
    private readonly prefix = "",
  ) {}

  static parse(body: string, style: ListStyle): FormParams {
    const map = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(body)) map.set(key, value);
    return new FormParams(map, style);
  }

  /** The raw value (empty string kept); undefined when absent. */
  raw(name: string): string | undefined {
    return this.entries.get(this.prefix + name);
  }

  str(name: string): string | undefined {
    const value = this.raw(name);
    return value === undefined || value === "" ? undefined : value;
  }

  required(name: string): string {
    const value = this.str(name);
    if (value === undefined) throw missingParameter(this.prefix + name, this.style);
    return value;
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidValue(this.prefix + name, value, this.style);
    return Number(value);
  }

  requiredInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) throw missingParameter(this.prefix + name, this.style);
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") throw invalidValue(this.prefix + name, value, this.style);
    return lower === "true";
  }

  /** True when any parameter starts with `name.` or equals `name`. */
  has(name: string): boolean {
    const full = this.prefix + name;
    for (const key of this.entries.keys()) if (key === full || key.startsWith(full + ".")) return true;
    return false;
  }

  /** A view of the parameters under `name.` (a nested structure). */
  struct(name: string): FormParams {
    return new FormParams(this.entries, this.style, `${this.prefix}${name}.`);
  }

  private listBase(name: string): string {
    return this.style === "member" ? `${this.prefix}${name}.member.` : `${this.prefix}${name}.`;
  }

  private indices(name: string): number[] {
    const base = this.listBase(name);
    const found = new Set<number>();
    for (const key of this.entries.keys()) {
      if (!key.startsWith(base)) continue;
      const match = /^(\d+)(\.|$)/.exec(key.slice(base.length));
      if (match) found.add(Number(match[1]));
    }
    return [...found].sort((a, b) => a - b);
  }

  /** A list of scalars: `name.1`, `name.2` … (or `name.member.N`). */
  strings(name: string): string[] {
    const base = this.listBase(name);
    return this.indices(name)
      .map((n) => this.entries.get(base + n))
      .filter((v): v is string => v !== undefined && v !== "");
  }

  /** A list of structures: one view per `name.N.`. */
  list(name: string): FormParams[] {
    const base = this.listBase(name);
    return this.indices(name).map((n) => new FormParams(this.entries, this.style, `${base}${n}.`));
  }
}

export function missingParameter(name: string, style: ListStyle): ApiError {
  return style === "ec2"
    ? new ApiError("MissingParameter", `The request must contain the parameter ${name}`)
    : new ApiError("ValidationError", `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
}

export function invalidValue(name: string, value: string, style: ListStyle): ApiError {
  return style === "ec2"
    ? new ApiError("InvalidParameterValue", `Value (${value}) for parameter ${name} is invalid.`)
    : new ApiError("ValidationError", `Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint`);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
