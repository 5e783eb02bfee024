// The live view's state, folded from events by a pure reducer: easy to test, and the components
// only ever read it.

import type { GateStatus, InstanceView, PhaseName, ResultEvent, RollEvent, TimedEvent } from "../../engine/events.js";
import { eventMillis } from "../time.js";

export const OUTPUT_TAIL_LINES = 8;
const EVIDENCE_LINES = 6;
const NOTICE_LINES = 5;

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

export interface ViewState {
  title: string;
  phases: PhaseView[];
  output: OutputLine[];
  provisioner?: ProvisionerView;
  image?: { version: string; imageId: string; reused: boolean };
  refresh?: RefreshView;
  instances: InstanceView[];
  gates: GateView[];
  rollback?: RollbackView;
  /** Warnings, errors and resources that could not be deleted: what a person must not miss. */
  notices: { tone: "warning" | "bad"; text: string }[];
  result?: ResultEvent;
}

export function initialView(title: string): ViewState {
  return { title, phases: [], output: [], instances: [], gates: [], notices: [] };
}

export function reduceView(state: ViewState, event: TimedEvent): ViewState {
  switch (event.type) {
    case "phase-start":
      return { ...state, phases: startPhase(state.phases, event.phase, event.title, eventMillis(event)) };
    case "phase-end":
      return { ...state, phases: endPhase(state.phases, event, eventMillis(event)) };
    case "log":
      if (event.level === "info") return { ...state, phases: noteOnRunningPhase(state.phases, event.message) };
      return addNotice(state, event.level === "error" ? "bad" : "warning", event.message);
    case "resource":
      if (event.action === "delete-failed") {
        return addNotice(state, "bad", `could not delete ${event.kind} ${event.id}${event.detail ? `: ${event.detail}` : ""}`);
      }
      return { ...state, phases: noteOnRunningPhase(state.phases, `${event.action} ${event.kind} ${event.id}`) };
    case "provisioner":
      return { ...state, provisioner: { index: event.index, provisioner: event.provisioner, status: event.status } };
    case "output": {
      const line: OutputLine = { phase: runningPhase(state.phases), stream: event.stream, line: event.line };
      return { ...state, output: [...state.output, line].slice(-OUTPUT_TAIL_LINES) };
    }
    case "image":
      return { ...state, image: { version: event.version, imageId: event.imageId, reused: event.reused } };
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
    case "result": {
      const { time: _time, ...result } = event;
      return { ...state, result };
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

function addNotice(state: ViewState, tone: "warning" | "bad", text: string): ViewState {
  return { ...state, notices: [...state.notices, { tone, text }].slice(-NOTICE_LINES) };
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
