// The typed state of one release: what the request asked for, and what each step found or created.
// A step reads what earlier steps recorded and records its own; a cleanup undoes only what is recorded.

import type { OnErrorOptions } from "../../bake/index.js";
import { describeError, RollError } from "../../engine/errors.js";
import type { InstanceEvidence } from "../../engine/events.js";
import { redactingSink, type Redactor } from "../../engine/redact.js";
import type { StepContext } from "../../engine/steps.js";
import { createJournal, type Journal } from "../../releases/journal.js";
import type { AppLock } from "../../releases/lock.js";
import { appStateDir, createReleaseStore, type ReleaseStore } from "../../releases/store.js";
import type { HistoryEntry, VersionRecord } from "../../releases/types.js";
import type { AppDefinition } from "../../stack/app.js";
import type { RunContext } from "../context.js";
import type { LaunchTemplateTarget } from "../launch-template-target.js";
import type { RolloutVerdict } from "../roll-back.js";

export type ReleaseSource =
  | { kind: "bake"; vars: Record<string, string>; varFiles: string[]; force?: boolean; onError?: OnErrorOptions }
  | { kind: "version"; to: string };

export interface ReleaseRequest {
  app: string;
  source: ReleaseSource;
  command: string;
  lockWaitMs?: number;
  /** How history names the run; default "deploy" for a bake, "rollback" for a version ("rebake" for roll rebake). */
  historyKind?: HistoryEntry["kind"];
  /**
   * The app's lock, already held by the caller (roll rebake bakes under it and hands it over, so no
   * other run can slip in between its bake and its deploy). The caller releases it.
   */
  heldLock?: AppLock;
}

export interface ReleaseRun {
  readonly request: ReleaseRequest;
  /** The run's context; its sink redacts with `redact`, which the template's sensitive values set. */
  readonly ctx: RunContext;
  readonly startedAt: number;
  readonly durations: Record<string, number>;
  readonly store: ReleaseStore;
  readonly journal: Journal;
  redact: Redactor;
  lock?: AppLock;
  app?: AppDefinition;
  /** The live version when the run started. */
  live?: VersionRecord;
  /** The group the store knew before the run (for the journal). */
  knownGroupName?: string;
  /** The image the release rolls out: baked, reused or a registered version. */
  chosen?: { version: string; imageId: string };
  target?: LaunchTemplateTarget;
  versionOfImage?: (imageId: string | undefined) => string | undefined;
  /** A refresh this run started and has not seen to its end: it must not go on unwatched. */
  refreshing?: { groupName: string };
  verdict?: RolloutVerdict;
  /** What the gates measured on every instance of the rollout, for the result. */
  measured?: InstanceEvidence[];
  /** Set when the fleet may run mixed versions: the journal stays so that the next run repairs it. */
  fleetAtRisk?: string;
  /** What cleanups add to a failed run's reason (e.g. "the refresh was rolled back"). */
  notes: string[];
}

export function newReleaseRun(base: RunContext, request: ReleaseRequest): ReleaseRun {
  const run: ReleaseRun = {
    request,
    ctx: { ...base, emit: (event) => redactingSink(base.emit, run.redact)(event) },
    startedAt: Date.now(),
    durations: {},
    store: createReleaseStore(base.stateRoot, request.app),
    journal: createJournal(appStateDir(base.stateRoot, request.app)),
    redact: (text) => text,
    notes: [],
  };
  return run;
}

/** The run's context with the signal and sink the step runner hands this step (cleanups get their own). */
export function stepRunContext(run: ReleaseRun, step: StepContext): RunContext {
  return { ...run.ctx, signal: step.signal, emit: step.emit };
}

/** A value an earlier step must have recorded; its absence is a bug in the list of steps. */
export function recorded<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new RollError("internal", `release step ran before ${what} was recorded`);
  return value;
}

export function historyKind(request: ReleaseRequest): HistoryEntry["kind"] {
  return request.historyKind ?? (request.source.kind === "bake" ? "deploy" : "rollback");
}

/** Why a run failed: the error, and what its cleanups did about it. */
export function failureReason(run: ReleaseRun, error: unknown): string {
  return run.redact(describeError(error) + run.notes.join(""));
}
