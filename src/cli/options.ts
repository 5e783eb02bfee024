// Parsing of repeated and structured options, with errors that name the bad value.

import { InvalidArgumentError, type Command } from "commander";

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

/** Template inputs, as `roll deploy`, `roll bake` and `roll plan` take them. */
export function withTemplateOptions(command: Command): Command {
  return command
    .option("--var <name=value>", "set a template variable (repeatable)", collectVar, {})
    .option("--var-file <file>", "read template variables from a file (repeatable)", collectList, []);
}

/** Where a command acts: the output format and the cloud. */
export function withTargetOptions(command: Command): Command {
  return command
    .option("--json", "print NDJSON events; the last line is the result")
    .option("--target <name>", "sandbox (default) or aws");
}
