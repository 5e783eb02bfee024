// One terraform/tofu command from start to verdict: run it, read its -json stream (or collect its
// plain stdout), pass progress on, and turn a failure into a RollError that names the resource and
// Terraform's own diagnostic. Abort (via the AbortSignal) becomes the engine's "cancelled" error.

import { RollError, type ErrorCode } from "../../engine/errors.js";
import type { InfraMessage } from "../port.js";
import type { TerraformBinary } from "./binary.js";
import { toInfraMessage } from "./messages.js";
import { cancelledError, runTool } from "./run-tool.js";
import type { UiDiagnostic, UiMessage } from "./ui-messages.js";
import { createUiStreamReader } from "./ui-stream.js";

export interface CommandContext {
  binary: TerraformBinary;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onMessage?: (message: InfraMessage) => void;
  /** Every UI message as read, before it is mapped (apply uses it to report writes as they happen). */
  onUiMessage?: (message: UiMessage) => void;
  graceMs?: number;
}

export interface StreamedRun {
  messages: UiMessage[];
}

/** Failure codes by subcommand, so callers and tests can tell a bad plan from a bad apply. */
const FAILURE_CODES: Record<string, ErrorCode> = { init: "terraform-init-failed", plan: "plan-failed", apply: "apply-failed" };

function oneLine(text: string, limit = 600): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

export function describeFailure(
  tool: string,
  command: string,
  failure: { diagnostics: UiDiagnostic[]; erroredAddresses: string[]; code: number | null; exitSignal?: NodeJS.Signals | null; stderr: string },
): RollError {
  const errors = failure.diagnostics.filter((d) => d.severity === "error");
  const parts = errors.map((diagnostic, index) => {
    const address = diagnostic.address ?? (errors.length === 1 && failure.erroredAddresses.length === 1 ? failure.erroredAddresses[0] : undefined);
    const where = address ? `${address}: ` : "";
    return `${where}${diagnostic.summary}${diagnostic.detail ? ` (${oneLine(diagnostic.detail)})` : ""}${index < errors.length - 1 ? ";" : ""}`;
  });
  const failedResources = failure.erroredAddresses.filter((address) => !errors.some((d) => d.address === address));
  if (parts.length === 0 && failedResources.length > 0) parts.push(`${failedResources.join(", ")} failed`);
  const status = failure.exitSignal ? `was killed by ${failure.exitSignal}` : `exited with code ${failure.code}`;
  const reason = parts.length > 0 ? parts.join(" ") : `${status}${failure.stderr.trim() ? `: ${oneLine(failure.stderr)}` : ""}`;
  return new RollError(FAILURE_CODES[command] ?? "terraform-failed", `${tool} ${command} failed: ${reason}`, { fault: "external" });
}

/** Runs a command whose stdout is the machine-readable UI stream (init is not one: see runPlain). */
export async function runStreamed(ctx: CommandContext, args: string[]): Promise<StreamedRun> {
  const command = args[0]!;
  const messages: UiMessage[] = [];
  const diagnostics: UiDiagnostic[] = [];
  const erroredAddresses: string[] = [];
  const reader = createUiStreamReader({
    tool: ctx.binary.tool,
    onMessage(message) {
      messages.push(message);
      if (message.type === "diagnostic") diagnostics.push(message.diagnostic);
      if (message.type === "apply_errored") erroredAddresses.push(message.hook.resource.addr);
      ctx.onUiMessage?.(message);
      const infraMessage = toInfraMessage(message);
      if (infraMessage) ctx.onMessage?.(infraMessage);
    },
    onText(line) {
      ctx.onMessage?.({ kind: "log", level: "info", message: line });
    },
  });
  const result = await runTool(ctx.binary.path, args, {
    cwd: ctx.cwd,
    env: ctx.env,
    signal: ctx.signal,
    graceMs: ctx.graceMs,
    onStdout: (chunk) => reader.push(chunk),
  });
  if (!result.aborted) reader.end();
  if (result.aborted) throw cancelledError(`${ctx.binary.tool} ${command} was interrupted`, ctx.signal?.reason);
  if (result.code !== 0) throw describeFailure(ctx.binary.tool, command, { diagnostics, erroredAddresses, ...result });
  if (!reader.versionSeen) {
    throw new RollError("terraform-ui-version", `${ctx.binary.tool} ${command} -json printed no version message`, { fault: "external" });
  }
  return { messages };
}

/** Runs a command with plain (or one-document JSON) stdout and returns it. */
export async function runPlain(ctx: CommandContext, args: string[]): Promise<string> {
  let stdout = "";
  const result = await runTool(ctx.binary.path, args, {
    cwd: ctx.cwd,
    env: ctx.env,
    signal: ctx.signal,
    graceMs: ctx.graceMs,
    onStdout: (chunk) => (stdout += chunk),
  });
  if (result.aborted) throw cancelledError(`${ctx.binary.tool} ${args[0]} was interrupted`, ctx.signal?.reason);
  if (result.code !== 0) {
    throw describeFailure(ctx.binary.tool, args[0]!, {
      diagnostics: [],
      erroredAddresses: [],
      code: result.code,
      exitSignal: result.exitSignal,
      stderr: result.stderr || stdout,
    });
  }
  return stdout;
}
