// Packer's multistep, typed: a pipeline is a flat list of steps over one typed state object.
// Every step that started gets its cleanup called, last first, after success, failure or cancel.
// A cleanup undoes only what its step recorded in the state, may run twice, and a failing cleanup is
// reported without stopping the others.

import type { EventSink } from "./events.js";
import { RollError } from "./errors.js";

export interface StepContext {
  signal: AbortSignal;
  emit: EventSink;
}

export interface CleanupOutcome {
  failed: boolean;
  cancelled: boolean;
  /** What stopped the run, when it failed or was cancelled (a cleanup may need to say why). */
  error?: unknown;
}

export interface Step<S> {
  name: string;
  run(state: S, ctx: StepContext): Promise<void>;
  cleanup?(state: S, ctx: StepContext, outcome: CleanupOutcome): Promise<void>;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new RollError("cancelled", "cancelled by the user", { fault: "user", cause: signal.reason });
}

/**
 * Runs the steps in order. Cleanups run with a signal of their own: a Ctrl-C that cancelled the run
 * must not also cancel the removal of what the run created.
 */
export async function runSteps<S>(steps: Step<S>[], state: S, ctx: StepContext): Promise<void> {
  const started: Step<S>[] = [];
  let failure: unknown;
  try {
    for (const step of steps) {
      throwIfAborted(ctx.signal);
      started.push(step);
      await step.run(state, ctx);
    }
  } catch (error) {
    failure = error;
  }
  const outcome: CleanupOutcome = { failed: failure !== undefined, cancelled: ctx.signal.aborted, error: failure };
  const cleanupCtx: StepContext = { signal: new AbortController().signal, emit: ctx.emit };
  for (const step of started.reverse()) {
    if (!step.cleanup) continue;
    try {
      await step.cleanup(state, cleanupCtx, outcome);
    } catch (error) {
      ctx.emit({
        type: "log",
        level: "error",
        message: `cleanup of step "${step.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  if (failure !== undefined) throw failure;
}
