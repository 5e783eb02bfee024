// Parsing of repeated and structured options, with errors that name the bad value.

import { InvalidArgumentError } from "commander";

export function collectVar(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const index = value.indexOf("=");
  if (index <= 0) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  return { ...previous, [value.slice(0, index)]: value.slice(index + 1) };
}

export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseVersion(value: string): string {
  if (value === "previous" || /^v\d+$/.test(value)) return value;
  throw new InvalidArgumentError(`expected vN (e.g. v42) or "previous", got "${value}"`);
}
