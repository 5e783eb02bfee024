// Packer's build.* contextual variables that only exist once the machine runs (build.ID, build.Host …):
// the template leaves them as "${build.X}" placeholders, filled in here just before a step runs.

import type { Value } from "../template/types.js";

const PLACEHOLDER = /\$\{build\.([A-Za-z]+)\}/g;

export function hasBuildFacts(value: Value): boolean {
  return JSON.stringify(value).includes("${build.");
}

/** Every "${build.X}" inside a value replaced by the fact; unknown facts become "" (as Packer leaves unset ones). */
export function fillBuildFacts<T extends Value>(value: T, facts: Record<string, string>): T {
  if (typeof value === "string") return value.replace(PLACEHOLDER, (_whole, name: string) => facts[name] ?? "") as T;
  if (Array.isArray(value)) return value.map((item) => fillBuildFacts(item, facts)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillBuildFacts(item, facts)])) as T;
  return value;
}
