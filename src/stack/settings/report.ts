// Turns schema issues into one user error that names the file, the line (found in the source text),
// the field and the bad value: "stacks/site.ts:21: rollout.gates[0].type = "htttp": unknown gate type".

import { RollError } from "../../engine/errors.js";
import { show, type Issue } from "./schema.js";

/** Best effort: the line where the field is written, preferring one that also shows the bad value. */
export function lineOf(source: string | undefined, issue: Issue): number | undefined {
  if (!source) return undefined;
  const lines = source.split("\n");
  const key = issue.field.split(".").pop()!.replace(/\[\d+\]$/, "");
  const literal = typeof issue.value === "string" || typeof issue.value === "number" ? String(issue.value) : undefined;
  const keyed = new RegExp(`(^|[\\s{,"'])${key.replace(/[^\w-]/g, "")}["']?\\s*:`);
  const withKey = lines.map((text, index) => ({ text, line: index + 1 })).filter(({ text }) => keyed.test(text));
  const exact = literal !== undefined ? withKey.find(({ text }) => text.includes(literal)) : undefined;
  return (exact ?? withKey[0])?.line;
}

function describeIssue(issue: Issue): string {
  const value = issue.value === undefined || issue.sensitive ? "" : ` = ${show(issue.value)}`;
  return `${issue.field}${value}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ""}`;
}

export function settingsError(file: string, source: string | undefined, issues: Issue[]): RollError {
  const [first, ...more] = issues;
  const line = lineOf(source, first);
  const also = more.map((issue) => {
    const at = lineOf(source, issue);
    return `\n  ${file}${at ? `:${at}` : ""}: ${describeIssue(issue)}`;
  });
  return new RollError("invalid-settings", `${describeIssue(first)}${also.join("")}`, {
    fault: "user",
    location: { file, line },
    cause: { issues },
  });
}

/** The issues a settings error was made from (a construct's own check throws them without the source). */
export function issuesOf(error: unknown): Issue[] | undefined {
  if (!(error instanceof RollError) || error.code !== "invalid-settings") return undefined;
  return (error.cause as { issues?: Issue[] } | undefined)?.issues;
}
