// The live view's state, folded from events by a pure reducer: easy to test, and the components
// only ever read it.

import type { GateStatus, InstanceView, PhaseName, ResultEvent, RollEvent, TimedEvent } from "../../engine/events.js";
import { eventMillis } from "../time.js";
import { rebakeLines } from "../rebake-lines.js";

export const OUTPUT_TAIL_LINES = 8;
const EVIDENCE_LINES = 6;

export interface PhaseView {
  phase: PhaseName;
  title: string;
  status: "running" | "ok" | "failed" | "skipped";
  startedAt: number;
  durationMs?: number;
  detail?: string;
  /** The latest info message while the phase runs, e.g. "waiting for SSH on 127.0.1.5". */
  note?: string;
}

export interface OutputLine {
  phase?: PhaseName;
  stream: "stdout" | "stderr";
  line: string;
}

export interface ProvisionerView {
  index: number;
  provisioner: string;
  status: "start" | "ok" | "failed";
}

export interface RefreshView {
  refreshId: string;
  status: string;
  percentage: number;
  instancesToUpdate?: number;
  checkpoint?: number;
  reason?: string;
}

export interface Measurement {
  target?: string;
  status: GateStatus;
  value?: string;
  message?: string;
}

export interface GateView {
  gate: string;
  verdict: "running" | "passed" | "failed";
  /** Latest measurement per target, in the order targets first appeared. */
  latest: Measurement[];
  counts: Record<GateStatus, number>;
}

export interface RollbackView {
  reason: string;
  gate?: string;
  target?: string;
  evidence: string[];
}

/**
 * The permanent record: lines that, once written, never change. The view prints them above the live
 * area (Ink's <Static>), so they stay in the terminal's scrollback.
 */
export type HistoryLine =
  | { kind: "phase"; key: number; phase: PhaseView }
  | { kind: "image"; key: number; version: string; imageId: string; reused: boolean }
  | { kind: "notice"; key: number; tone: "warning" | "bad"; text: string }
  /** A rebake's verdict and package changes: evidence the reader scrolls back to. */
  | { kind: "evidence"; key: number; lines: string[] };

export interface ViewState {
  title: string;
  /** Append-only; see HistoryLine. */
  history: HistoryLine[];
  /** Every phase's latest run, in the order phases first started. */
  phases: PhaseView[];
  output: OutputLine[];
  provisioner?: ProvisionerView;
  image?: { version: string; imageId: string; reused: boolean };
  imageInHistory?: boolean;
  /** A rebake's evidence, written to the history after the phase that produced it (like the image). */
  evidence?: string[];
  refresh?: RefreshView;
  instances: InstanceView[];
  gates: GateView[];
  rollback?: RollbackView;
  result?: ResultEvent;
}

export function initialView(title: string): ViewState {
  return { title, history: [], phases: [], output: [], instances: [], gates: [] };
}

export function reduceView(state: ViewState, event: TimedEvent): ViewState {
  switch (event.type) {
    case "phase-start":
      return { ...state, phases: startPhase(state.phases, event.phase, event.title, eventMillis(event)) };
    case "phase-end": {
      const phases = endPhase(state.phases, event, eventMillis(event));
      const ended = phases.find((view) => view.phase === event.phase)!;
      return flushEvidence(flushImage(addHistory({ ...state, phases }, { kind: "phase", phase: ended })));
    }
    case "log":
      if (event.level === "info") return { ...state, phases: noteOnRunningPhase(state.phases, event.message) };
      return addHistory(state, { kind: "notice", tone: event.level === "error" ? "bad" : "warning", text: event.message });
    case "notice":
      return addHistory(state, { kind: "notice", tone: "warning", text: event.message });
    case "resource":
      if (event.action === "delete-failed") {
        const text = `could not delete ${event.kind} ${event.id}${event.detail ? `: ${event.detail}` : ""}`;
        return addHistory(state, { kind: "notice", tone: "bad", text });
      }
      return { ...state, phases: noteOnRunningPhase(state.phases, `${event.action} ${event.kind} ${event.id}`) };
    case "provisioner": {
      const provisioner = { index: event.index, provisioner: event.provisioner, status: event.status };
      const note = `provisioner ${event.index + 1} (${event.provisioner}) ${event.status === "start" ? "running" : event.status}`;
      return { ...state, provisioner, phases: noteOnRunningPhase(state.phases, note) };
    }
    case "output": {
      const line: OutputLine = { phase: runningPhase(state.phases), stream: event.stream, line: event.line };
      return { ...state, output: [...state.output, line].slice(-OUTPUT_TAIL_LINES) };
    }
    case "image": {
      // Written to the history after the phase that produced it, so it reads as that phase's outcome.
      return { ...state, image: { version: event.version, imageId: event.imageId, reused: event.reused }, imageInHistory: false };
    }
    case "refresh": {
      const { type: _type, time: _time, ...refresh } = event;
      return { ...state, refresh };
    }
    case "instances":
      return { ...state, instances: event.instances };
    case "gate":
      return { ...state, gates: recordMeasurement(state.gates, event) };
    case "rollback":
      return {
        ...state,
        rollback: { reason: event.reason, gate: event.gate, target: event.target, evidence: (event.evidence ?? []).slice(-EVIDENCE_LINES) },
      };
    case "rebake": {
      const { type: _type, time: _time, ...summary } = event;
      return { ...state, evidence: rebakeLines(summary) };
    }
    case "result": {
      const { time: _time, ...result } = event;
      return flushEvidence(flushImage({ ...state, result }));
    }
  }
}

function startPhase(phases: PhaseView[], phase: PhaseName, title: string, at: number): PhaseView[] {
  const started: PhaseView = { phase, title, status: "running", startedAt: at };
  // A phase can run twice (a refresh, then the refresh that rolls back); the view shows its latest run.
  const index = phases.findIndex((view) => view.phase === phase);
  if (index === -1) return [...phases, started];
  return phases.map((view, i) => (i === index ? started : view));
}

function endPhase(phases: PhaseView[], event: Extract<RollEvent, { type: "phase-end" }>, at: number): PhaseView[] {
  const index = phases.findIndex((view) => view.phase === event.phase);
  const ended = { status: event.status, durationMs: event.durationMs, detail: event.detail, note: undefined };
  // A skipped phase may end without having started; it still belongs in the list.
  if (index === -1) return [...phases, { phase: event.phase, title: event.phase, startedAt: at - event.durationMs, ...ended }];
  return phases.map((view, i) => (i === index ? { ...view, ...ended } : view));
}

function runningPhase(phases: PhaseView[]): PhaseName | undefined {
  return phases.filter((view) => view.status === "running").at(-1)?.phase;
}

function noteOnRunningPhase(phases: PhaseView[], note: string): PhaseView[] {
  const phase = runningPhase(phases);
  if (!phase) return phases;
  return phases.map((view) => (view.phase === phase ? { ...view, note } : view));
}

function flushImage(state: ViewState): ViewState {
  if (!state.image || state.imageInHistory !== false) return state;
  return addHistory({ ...state, imageInHistory: true }, { kind: "image", ...state.image });
}

function flushEvidence(state: ViewState): ViewState {
  if (!state.evidence) return state;
  return addHistory({ ...state, evidence: undefined }, { kind: "evidence", lines: state.evidence });
}

// Distributes Omit over the union, so each kind keeps its own fields.
type WithoutKey<T> = T extends unknown ? Omit<T, "key"> : never;

function addHistory(state: ViewState, line: WithoutKey<HistoryLine>): ViewState {
  return { ...state, history: [...state.history, { ...line, key: state.history.length } as HistoryLine] };
}

function recordMeasurement(gates: GateView[], event: Extract<RollEvent, { type: "gate" }>): GateView[] {
  const existing = gates.find((view) => view.gate === event.gate);
  const base: GateView = existing ?? {
    gate: event.gate,
    verdict: "running",
    latest: [],
    counts: { Successful: 0, Failed: 0, Inconclusive: 0, Error: 0 },
  };
  const measurement: Measurement = { target: event.target, status: event.status, value: event.value, message: event.message };
  const known = base.latest.some((m) => m.target === event.target);
  const updated: GateView = {
    gate: base.gate,
    verdict: event.verdict ?? base.verdict,
    latest: known ? base.latest.map((m) => (m.target === event.target ? measurement : m)) : [...base.latest, measurement],
    counts: { ...base.counts, [event.status]: base.counts[event.status] + 1 },
  };
  return existing ? gates.map((view) => (view === existing ? updated : view)) : [...gates, updated];
}
