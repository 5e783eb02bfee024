// Runs prepared provisioners in order. Each one: "provisioner" start event, pause_before, then up to
// 1 + max_retries attempts bounded by timeout; a failure names the provisioner and where it is written.

import { RollError, isAbort, isRollError } from "../../engine/errors.js";
import { throwIfAborted } from "../../engine/steps.js";
import { fillBuildFacts, hasBuildFacts } from "../build-facts.js";
import { formatDuration } from "../duration.js";
import { FieldReader } from "../fields.js";
import { sleep } from "../sleep.js";
import type { PreparedProvisioner } from "./prepare.js";
import type { ProvisionerRunContext } from "./types.js";

function label(p: PreparedProvisioner): string {
  // The file is in the error's location (shown by the CLI); the line goes in the message as well so
  // that the message alone still points at the block.
  return `provisioner "${p.type}" #${p.index + 1} at line ${p.block.position.line}`;
}

/** The provisioner's configuration with build.* facts filled in (read again: the fields changed). */
function configWithFacts(p: PreparedProvisioner, ctx: ProvisionerRunContext): unknown {
  if (!ctx.buildFacts || !hasBuildFacts(p.block.fields)) return p.config;
  const block = { ...p.block, fields: fillBuildFacts(p.block.fields, ctx.buildFacts) };
  return p.kind.parse(new FieldReader(block, `provisioner "${p.type}"`), ctx.templateRoot);
}

async function attempt(p: PreparedProvisioner, ctx: ProvisionerRunContext): Promise<void> {
  const config = configWithFacts(p, ctx);
  if (!p.timeoutMs) return p.kind.run(config, ctx);
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new Error("provisioner timeout")), p.timeoutMs);
  try {
    await p.kind.run(config, { ...ctx, signal: AbortSignal.any([ctx.signal, timer.signal]) });
  } catch (error) {
    if (timer.signal.aborted && !ctx.signal.aborted) {
      throw new RollError("provisioner-timeout", `timed out after ${formatDuration(p.timeoutMs)}`, { fault: "user", cause: error });
    }
    throw error;
  } finally {
    clearTimeout(handle);
  }
}

export async function runProvisioner(p: PreparedProvisioner, ctx: ProvisionerRunContext): Promise<void> {
  const started = Date.now();
  ctx.emit({ type: "provisioner", index: p.index, provisioner: p.type, status: "start" });
  try {
    if (p.kind.needsSession && !ctx.session) {
      throw new RollError("no-communicator", "needs a connection to the machine, and this build has none", { fault: "user" });
    }
    if (p.pauseBeforeMs > 0) {
      ctx.emit({ type: "log", level: "info", message: `${label(p)}: pausing ${formatDuration(p.pauseBeforeMs)} before running` });
      await sleep(p.pauseBeforeMs, ctx.signal);
    }
    for (let round = 0; ; round++) {
      try {
        await attempt(p, ctx);
        break;
      } catch (error) {
        throwIfAborted(ctx.signal);
        if (round >= p.maxRetries || isAbort(error)) throw error;
        ctx.emit({ type: "log", level: "warn", message: `${label(p)} failed (${(error as Error).message}); retry ${round + 1} of ${p.maxRetries}` });
      }
    }
  } catch (error) {
    ctx.emit({ type: "provisioner", index: p.index, provisioner: p.type, status: "failed", durationMs: Date.now() - started });
    if (ctx.signal.aborted || (isRollError(error) && error.code === "cancelled")) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    const fault = isRollError(error) ? error.fault : "external";
    throw new RollError("provisioner-failed", `${label(p)} failed: ${detail}`, {
      fault,
      cause: error,
      location: { file: p.block.position.file, line: p.block.position.line, column: p.block.position.column },
    });
  }
  ctx.emit({ type: "provisioner", index: p.index, provisioner: p.type, status: "ok", durationMs: Date.now() - started });
}

export async function runProvisioners(list: PreparedProvisioner[], ctx: ProvisionerRunContext): Promise<void> {
  for (const p of list) {
    throwIfAborted(ctx.signal);
    await runProvisioner(p, ctx);
  }
}
