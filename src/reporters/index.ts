// Reporters by name: the CLI picks one, feeds it events, and calls finish(). Adding a reporter is
// one entry in this map; the engine never changes.

import { InkReporter } from "./ink/reporter.js";
import { JsonReporter } from "./json.js";
import { PlainReporter } from "./plain.js";
import type { Reporter, ReporterKind, ReporterOptions } from "./types.js";

export type { OutputStream, Reporter, ReporterKind, ReporterOptions } from "./types.js";
export { describeResult } from "./verdict.js";

const REPORTERS: Record<ReporterKind, new (options: ReporterOptions) => Reporter> = {
  ink: InkReporter,
  plain: PlainReporter,
  json: JsonReporter,
};

export function createReporter(kind: ReporterKind, options: ReporterOptions): Reporter {
  const Reporter = REPORTERS[kind];
  if (!Reporter) throw new Error(`unknown reporter "${String(kind)}"; expected one of: ${Object.keys(REPORTERS).join(", ")}`);
  return new Reporter(options);
}

/** NDJSON when asked; the live view on an interactive terminal; plain lines in CI and pipes. */
export function chooseReporterKind(context: { json: boolean; isTTY: boolean; ci: boolean }): ReporterKind {
  if (context.json) return "json";
  if (context.isTTY && !context.ci) return "ink";
  return "plain";
}

/** True on CI runners (the `CI` / `CONTINUOUS_INTEGRATION` convention), where a live view only adds noise. */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return ["CI", "CONTINUOUS_INTEGRATION"].some((key) => {
    const value = env[key];
    return value !== undefined && value !== "" && value !== "0" && value !== "false";
  });
}
