// Parsing of repeated and structured options, with errors that name the bad value.

import { InvalidArgumentError, type Command } from "commander";
import { assertSafeName } from "../releases/names.js";

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

/** An app name is a folder under the state root: checked before anything is locked or written. */
export function parseAppName(value: string): string {
  try {
    assertSafeName("app", value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return value;
}

/** --wait-lock <seconds>: a number of seconds from 0 to a day (not "abc", not -5). */
export function parseWaitLock(value: string): string {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new InvalidArgumentError(`--wait-lock takes a number of seconds from 0 to 86400, got "${value}"`);
  }
  return value;
}
