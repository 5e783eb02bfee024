import { describe, expect, it } from "vitest";
import type { RollEvent, TimedEvent } from "../../../src/engine/events.js";
import { initialView, OUTPUT_TAIL_LINES, reduceView, type ViewState } from "../../../src/reporters/ink/reducer.js";
import { deployEvents, ROLLBACK_REASON, rollbackEvents } from "../fixtures.js";

function fold(events: TimedEvent[]): ViewState {
  return events.reduce(reduceView, initialView("roll deploy demo"));
}

function timed(event: RollEvent, time = "2025-11-27T10:00:00.000Z"): TimedEvent {
  return { ...event, time };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe("reduceView over a deploy", () => {
  const state = fold(deployEvents());

  it("lists every phase that ran, in the order it started, with its outcome and duration", () => {
    expect(state.phases.map((p) => [p.phase, p.status, p.durationMs])).toEqual([
      ["lock", "ok", 100],
      ["template", "ok", 300],
      ["bake", "ok", 3400],
      ["synth", "ok", 800],
      ["apply", "ok", 400],
      ["refresh", "ok", 7300],
      ["gates", "ok", 4400],
      ["reconcile", "ok", 500],
      ["record", "ok", 100],
    ]);
  });

  it("keeps the latest refresh poll, instance table and image", () => {
    expect(state.refresh).toEqual({ refreshId: "ir-7f00", status: "Successful", percentage: 100, instancesToUpdate: 0 });
    expect(state.instances.map((i) => `${i.id} ${i.version}`)).toEqual(["i-0ccc000000000003 v3", "i-0ccc000000000004 v3"]);
    expect(state.image).toEqual({ version: "v3", imageId: "ami-0c3d000000000003", reused: false });
  });

  it("keeps each gate's latest measurement per target and its verdict", () => {
    expect(state.gates).toHaveLength(1);
    const gate = state.gates[0]!;
    expect(gate.verdict).toBe("passed");
    expect(gate.latest.map((m) => [m.target, m.status, m.value])).toEqual([
      ["i-0ccc000000000003", "Successful", "HTTP 200"],
      ["i-0ccc000000000004", "Successful", "HTTP 200"],
    ]);
    expect(gate.counts).toEqual({ Successful: 3, Failed: 0, Inconclusive: 0, Error: 0 });
  });

  it("records the provisioner output with the phase it came from, and the result", () => {
    expect(state.output.map((line) => [line.phase, line.stream, line.line])).toEqual([
      ["bake", "stdout", "Installing demo-server 3.0.0"],
      ["bake", "stdout", "Writing /etc/demo/config.json"],
      ["bake", "stderr", "warning: config key 'legacy' is deprecated"],
    ]);
    expect(state.result?.outcome).toBe("deployed");
    expect(state.rollback).toBeUndefined();
  });
});

describe("reduceView over a rollback", () => {
  const state = fold(rollbackEvents());

  it("explains the rollback with the gate, the instance and the evidence", () => {
    expect(state.rollback).toEqual({
      reason: ROLLBACK_REASON,
      gate: "http /healthz",
      target: "i-0ccc000000000003",
      evidence: ["GET http://127.0.1.13:8080/healthz -> 200 in 4ms", "GET http://127.0.1.13:8080/healthz -> 500 in 3ms: database unreachable"],
    });
    expect(state.gates[0]).toMatchObject({ verdict: "failed", counts: { Successful: 1, Failed: 1, Inconclusive: 0, Error: 0 } });
    expect(state.gates[0]!.latest).toEqual([
      { target: "i-0ccc000000000003", status: "Failed", value: "HTTP 500", message: "body: database unreachable" },
    ]);
  });

  it("shows the failed phases and the rollback's own refresh", () => {
    const byName = Object.fromEntries(state.phases.map((p) => [p.phase, p]));
    expect(byName.gates).toMatchObject({ status: "failed", detail: "http /healthz failed" });
    expect(byName.refresh).toMatchObject({ status: "failed", detail: "cancelled at 50%" });
    expect(byName.rollback).toMatchObject({ status: "ok", durationMs: 3300 });
    expect(state.refresh).toMatchObject({ refreshId: "ir-8a11", status: "RollbackSuccessful", percentage: 100 });
    expect(state.result).toMatchObject({ outcome: "rolled-back", live: "v2" });
  });
});

describe("reduceView rules", () => {
  it("never changes the state it was given", () => {
    const events = rollbackEvents();
    let state = deepFreeze(initialView("t"));
    for (const event of events) state = deepFreeze(reduceView(state, event));
    expect(state.result?.outcome).toBe("rolled-back");
  });

  it(`keeps only the last ${OUTPUT_TAIL_LINES} output lines`, () => {
    const lines = Array.from({ length: 20 }, (_, i) => timed({ type: "output", stream: "stdout", line: `line ${i + 1}` }));
    const state = fold([timed({ type: "phase-start", phase: "bake", title: "baking" }), ...lines]);
    expect(state.output.map((l) => l.line)).toEqual(Array.from({ length: OUTPUT_TAIL_LINES }, (_, i) => `line ${13 + i}`));
  });

  it("shows info messages as the running phase's note and clears it when the phase ends", () => {
    const started = fold([
      timed({ type: "phase-start", phase: "bake", title: "baking" }),
      timed({ type: "log", level: "info", message: "waiting for SSH on 127.0.2.9:22" }),
    ]);
    expect(started.phases[0]!.note).toBe("waiting for SSH on 127.0.2.9:22");
    const ended = reduceView(started, timed({ type: "phase-end", phase: "bake", status: "ok", durationMs: 5 }));
    expect(ended.phases[0]!.note).toBeUndefined();
  });

  it("keeps warnings, errors and undeletable resources in the history", () => {
    const state = fold([
      timed({ type: "log", level: "warn", message: "lock was stale; taken over" }),
      timed({ type: "resource", action: "delete-failed", kind: "key-pair", id: "roll-tmp-1", detail: "InvalidKeyPair.NotFound" }),
      timed({ type: "log", level: "error", message: 'cleanup of step "bake" failed: timeout' }),
    ]);
    expect(state.history).toEqual([
      { kind: "notice", key: 0, tone: "warning", text: "lock was stale; taken over" },
      { kind: "notice", key: 1, tone: "bad", text: "could not delete key-pair roll-tmp-1: InvalidKeyPair.NotFound" },
      { kind: "notice", key: 2, tone: "bad", text: 'cleanup of step "bake" failed: timeout' },
    ]);
  });

  it("lists a phase that was skipped without starting, and shows a rerun phase once", () => {
    const state = fold([
      timed({ type: "phase-end", phase: "bake", status: "skipped", durationMs: 0, detail: "v3 already baked" }),
      timed({ type: "phase-start", phase: "refresh", title: "first" }),
      timed({ type: "phase-end", phase: "refresh", status: "failed", durationMs: 10 }),
      timed({ type: "phase-start", phase: "refresh", title: "second" }),
    ]);
    expect(state.phases.map((p) => [p.phase, p.status, p.title])).toEqual([
      ["bake", "skipped", "bake"],
      ["refresh", "running", "second"],
    ]);
  });
});
