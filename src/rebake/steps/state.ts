// The typed state of one rebake: what it was asked, and what each step found, baked or decided.

import type { ResultEvent } from "../../engine/events.js";
import { redactingSink, type Redactor } from "../../engine/redact.js";
import type { StepContext } from "../../engine/steps.js";
import type { BakeOutcome } from "../../pipelines/bake.js";
import type { RunContext } from "../../pipelines/context.js";
import type { AppLock } from "../../releases/lock.js";
import { createReleaseStore, type ReleaseStore } from "../../releases/store.js";
import type { VersionInputs, VersionRecord } from "../../releases/types.js";
import type { AppDefinition } from "../../stack/app.js";
import type { ImageTemplate } from "../../template/types.js";
import type { Comparison } from "../compare.js";
import type { VersionManifest } from "../metadata.js";

export interface RebakeRequest {
  app: string;
  command: string;
  /** Template variables; default: the ones the live version was rebaked with (non-sensitive), else none. */
  vars?: Record<string, string>;
  varFiles?: string[];
  /** Replaces the policy's securityUpdate step for this run. */
  securityUpdate?: string;
  /** Global webhook (ROLL_WEBHOOK / --webhook), notified besides the app's own. */
  webhook?: string;
  /** How long to wait for another run's lock before giving up. */
  lockWaitMs?: number;
}

export interface RebakeRun {
  readonly request: RebakeRequest;
  readonly ctx: RunContext;
  readonly startedAt: number;
  readonly durations: Record<string, number>;
  readonly store: ReleaseStore;
  redact: Redactor;
  lock?: AppLock;
  app?: AppDefinition;
  live?: VersionRecord;
  liveManifest?: VersionManifest;
  vars?: Record<string, string>;
  /** What the new version is built from, recorded on it. */
  inputs?: VersionInputs;
  template?: ImageTemplate;
  templateFile?: string;
  securityUpdate?: string;
  /** The image this rebake baked; removed again unless it is deployed or kept as a version. */
  bake?: BakeOutcome;
  manifest?: VersionManifest;
  comparison?: Comparison;
  /** Set once the release pipeline has the run: from then on it records history and keeps the image. */
  handedOver?: boolean;
  released?: ResultEvent;
}

export function newRebakeRun(base: RunContext, request: RebakeRequest): RebakeRun {
  const run: RebakeRun = {
    request,
    ctx: { ...base, emit: (event) => redactingSink(base.emit, run.redact)(event) },
    startedAt: Date.now(),
    durations: {},
    store: createReleaseStore(base.stateRoot, request.app),
    redact: (text) => text,
  };
  return run;
}

export function stepRunContext(run: RebakeRun, step: StepContext): RunContext {
  return { ...run.ctx, signal: step.signal, emit: step.emit };
}
