// EC2 filters: several filters AND, several values of one filter OR; values may use `*` and `?`
// wildcards (backslash escapes them). `tag:<key>`, `tag-key` and `tag-value` work on every resource.

import type { Tag } from "./types.js";

export interface Filter {
  name: string;
  values: string[];
}

/** Returns the values a resource has for a filter name, or undefined when the filter is unknown. */
export type FilterFields<T> = Record<string, (item: T) => (string | number | boolean | undefined)[] | string | number | boolean | undefined>;

export function wildcardToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export class UnknownFilterError extends Error {
  constructor(readonly filterName: string) {
    super(`The filter '${filterName}' is invalid`);
  }
}

export function matchesFilters<T>(item: T, filters: Filter[], fields: FilterFields<T>, tags: (item: T) => Tag[]): boolean {
  return filters.every((filter) => {
    const have = fieldValues(item, filter.name, fields, tags);
    const patterns = filter.values.map(wildcardToRegExp);
    return have.some((value) => patterns.some((re) => re.test(value)));
  });
}

function fieldValues<T>(item: T, name: string, fields: FilterFields<T>, tags: (item: T) => Tag[]): string[] {
  if (name.startsWith("tag:")) {
    const key = name.slice(4);
    return tags(item).filter((t) => t.key === key).map((t) => t.value);
  }
  if (name === "tag-key") return tags(item).map((t) => t.key);
  if (name === "tag-value") return tags(item).map((t) => t.value);
  const field = fields[name];
  if (!field) throw new UnknownFilterError(name);
  const raw = field(item);
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v) => v !== undefined).map((v) => String(v));
}
