// What every pipeline runs with: where the project and its state are, the cloud, the event sink and
// the one AbortSignal that Ctrl-C trips.

import type { CloudClients } from "../cloud/target.js";
import type { EventSink, PhaseName } from "../engine/events.js";
import type { InfraChoice } from "../infra/index.js";

export interface RunContext {
  projectRoot: string;
  /** Folder of the local state backend for this target, e.g. <project>/.roll/sandbox. */
  stateRoot: string;
  clients: CloudClients;
  emit: EventSink;
  signal: AbortSignal;
  /** How stacks are applied (`--infra`); default: the direct applier. */
  infra?: InfraChoice;
}

/** Runs one phase, announcing its start and end, and records its duration. Errors go on to the caller. */
export async function inPhase<T>(
  ctx: Pick<RunContext, "emit">,
  durations: Record<string, number>,
  phase: PhaseName,
  title: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  ctx.emit({ type: "phase-start", phase, title });
  try {
    const result = await work();
    const durationMs = Date.now() - started;
    durations[phase] = (durations[phase] ?? 0) + durationMs;
    ctx.emit({ type: "phase-end", phase, status: "ok", durationMs });
    return result;
  } catch (error) {
    const durationMs = Date.now() - started;
    durations[phase] = (durations[phase] ?? 0) + durationMs;
    // The error itself goes on to the run's result, which says it once: the phase only says it failed.
    ctx.emit({ type: "phase-end", phase, status: "failed", durationMs });
    throw error;
  }
}
