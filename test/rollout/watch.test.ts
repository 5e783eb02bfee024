// The rollout watch as a reconcile loop, on a fake clock with a fake fleet and fake gates: whole-fleet
// verdicts, Inconclusive pausing then failing at its limit, and the refresh watch ending at once.

import { describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import type { FleetInstance } from "../../src/rollout/fleet.js";
import type { GateProvider, Measurement } from "../../src/rollout/measurement.js";
import type { RolloutPolicy } from "../../src/rollout/policy.js";
import { watchRefreshToEnd, watchRollout } from "../../src/rollout/watch.js";
import type { Clock, FleetSnapshot, RefreshView, RolloutObserver } from "../../src/rollout/watch-ports.js";

function fakeClock(): Clock & { slept: number } {
  let now = 1_000_000;
  const clock = {
    slept: 0,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      clock.slept += ms;
    },
  };
  return clock;
}

const instance = (id: string, version = 2): FleetInstance => ({
  id,
  ip: `127.0.0.${id.slice(2)}`,
  lifecycle: "InService",
  health: "Healthy",
  launchTemplateVersion: version,
});

/** A fleet that changes over (fake) time: `at(ms since start)` gives the instances then. */
function fakeObserver(clock: Clock, at: (elapsed: number) => FleetInstance[], refresh?: (elapsed: number) => RefreshView): RolloutObserver {
  const start = clock.now();
  return {
    refresh: async () => refresh?.(clock.now() - start),
    fleet: async (): Promise<FleetSnapshot> => ({ desired: 3, instances: at(clock.now() - start) }),
  };
}

type Answer = Measurement["status"];

/** A gate whose answer per instance is decided by `answer(id, round)`; round counts this instance's measurements from 1. */
function fakeGate(answer: (id: string, round: number) => Answer, intervalMs = 1000): GateProvider & { rounds: string[][] } {
  const rounds = new Map<string, number>();
  const measured: string[][] = [];
  return {
    name: "http :8080/healthz",
    intervalMs,
    rounds: measured,
    async measure(targets) {
      measured.push(targets.map((t) => t.id));
      return targets.map((target) => {
        const round = (rounds.get(target.id) ?? 0) + 1;
        rounds.set(target.id, round);
        return { gate: "http :8080/healthz", target: target.id, status: answer(target.id, round), value: "HTTP ?", at: 0 };
      });
    },
  };
}

const POLICY: RolloutPolicy = { gates: [] };

function watch(options: { clock: Clock; observer: RolloutObserver; gate: GateProvider; policy?: Partial<RolloutPolicy>; refreshId?: string }) {
  const events: RollEvent[] = [];
  const result = watchRollout({
    clients: undefined as never,
    groupName: "roll-site",
    targetVersion: 2,
    refreshId: options.refreshId,
    policy: { ...POLICY, ...options.policy },
    emit: (event) => events.push(event),
    signal: new AbortController().signal,
    versionOfImage: () => "v2",
    pollMs: 500,
    clock: options.clock,
    observer: options.observer,
    providers: [options.gate],
  });
  return result.then((r) => ({ result: r, events }));
}

const three = () => [instance("i-1"), instance("i-2"), instance("i-3")];

describe("whole-fleet verdicts", () => {
  it("calls a fleet healthy only after every instance passed twice and two intervals of soak, and lists what each one measured", async () => {
    const clock = fakeClock();
    const { result } = await watch({ clock, observer: fakeObserver(clock, three), gate: fakeGate(() => "Successful") });
    expect(result.type).toBe("healthy");
    // Default soak: two intervals of the slowest gate (1 s), on a fleet whole from the start.
    expect(clock.slept).toBeGreaterThanOrEqual(2000);
    expect(result.instances.map((i) => [i.id, i.verdict, i.origin])).toEqual([
      ["i-1", "healthy", "launched"],
      ["i-2", "healthy", "launched"],
      ["i-3", "healthy", "launched"],
    ]);
    for (const evidence of result.instances) {
      expect(evidence.gates[0]).toMatchObject({ gate: "http :8080/healthz", failed: 0 });
      expect(evidence.gates[0].streak).toBeGreaterThanOrEqual(2);
    }
  });

  it.each([
    ["all three bad", new Set(["i-1", "i-2", "i-3"])],
    ["two of three bad", new Set(["i-2", "i-3"])],
    ["one of three bad, not the first answering", new Set(["i-3"])],
  ])("rolls back when %s", async (_name, bad) => {
    const clock = fakeClock();
    const { result } = await watch({
      clock,
      observer: fakeObserver(clock, three),
      gate: fakeGate((id) => (bad.has(id) ? "Failed" : "Successful")),
    });
    expect(result).toMatchObject({ type: "gate-failed", gate: "http :8080/healthz" });
    if (result.type !== "gate-failed") return;
    expect(bad.has(result.target!)).toBe(true);
    expect(result.instances.filter((i) => i.verdict === "failed").map((i) => i.id).every((id) => bad.has(id))).toBe(true);
  });

  it("catches a flapping instance and one that turns bad after warming up", async () => {
    const clock = fakeClock();
    const flapping = await watch({
      clock,
      observer: fakeObserver(clock, three),
      gate: fakeGate((id, round) => (id === "i-2" && round === 2 ? "Failed" : "Successful")),
    });
    expect(flapping.result).toMatchObject({ type: "gate-failed", target: "i-2" });

    const later = fakeClock();
    const warm = await watch({
      clock: later,
      observer: fakeObserver(later, three),
      gate: fakeGate((id, round) => (id === "i-1" && round >= 4 ? "Failed" : "Successful")),
      policy: { soakSeconds: 5 },
    });
    expect(warm.result).toMatchObject({ type: "gate-failed", target: "i-1" });
  });

  it("counts only measurements after the last replacement", async () => {
    const clock = fakeClock();
    // i-3 replaces i-9 after 10 s; i-1 and i-2 had been healthy all along.
    const observer = fakeObserver(clock, (elapsed) => (elapsed < 10_000 ? [instance("i-1"), instance("i-2"), instance("i-9", 1)] : three()));
    const gate = fakeGate(() => "Successful");
    const { result } = await watch({ clock, observer, gate, policy: { soakSeconds: 0 } });
    expect(result.type).toBe("healthy");
    const afterReplacement = gate.rounds.slice(gate.rounds.findIndex((round) => round.includes("i-3")));
    expect(afterReplacement.length).toBeGreaterThanOrEqual(2);
    for (const round of afterReplacement) expect(round).toEqual(["i-1", "i-2", "i-3"]);
    // Before it, i-1 and i-2 had been measured healthy many times: those did not count.
    expect(gate.rounds.findIndex((round) => round.includes("i-3"))).toBeGreaterThan(5);
  });

  it("never calls an instance that left unmeasured healthy: it is inconclusive, then fails at the limit", async () => {
    const clock = fakeClock();
    // i-4 serves for half a second between two gate rounds, then the group replaces it by i-3.
    const observer = fakeObserver(clock, (elapsed) => (elapsed >= 100 && elapsed < 600 ? [instance("i-1"), instance("i-2"), instance("i-4")] : elapsed < 600 ? [instance("i-1"), instance("i-2")] : three()));
    const gate = fakeGate((id) => (id === "i-4" ? "Error" : "Successful"), 1000);
    const { result } = await watch({ clock, observer, gate, policy: { assessment: { inconclusiveLimit: 2 } } });
    expect(result.type).toBe("gate-failed");
    if (result.type !== "gate-failed") return;
    expect(result.reason).toMatch(/inconclusive measurements in a row on i-4/);
    expect(result.instances.find((i) => i.id === "i-4")).toMatchObject({ inService: false, verdict: "inconclusive" });
  });
});

describe("inconclusive", () => {
  it("pauses the verdict while within the limit, then passes once measured", async () => {
    const clock = fakeClock();
    const { result, events } = await watch({
      clock,
      observer: fakeObserver(clock, three),
      gate: fakeGate((_id, round) => (round <= 3 ? "Inconclusive" : "Successful")),
      policy: { assessment: { inconclusiveLimit: 3 } },
    });
    expect(result.type).toBe("healthy");
    expect(events.some((e) => e.type === "log" && e.message.includes("paused"))).toBe(true);
  });

  it("fails past the limit instead of running to the timeout", async () => {
    const clock = fakeClock();
    const { result } = await watch({
      clock,
      observer: fakeObserver(clock, three),
      gate: fakeGate(() => "Inconclusive"),
      policy: { assessment: { inconclusiveLimit: 3 } },
    });
    expect(result).toMatchObject({ type: "gate-failed" });
    if (result.type === "gate-failed") expect(result.reason).toContain("4 inconclusive measurements in a row");
    // Four rounds a second apart: seconds of (fake) time, not the 30-minute timeout.
    expect(clock.slept).toBeLessThan(10_000);
  });
});

describe("refresh", () => {
  it("waits for a refresh that bakes before calling the fleet healthy", async () => {
    const clock = fakeClock();
    const refresh = (elapsed: number): RefreshView => ({ status: elapsed < 20_000 ? "Baking" : "Successful", percentage: 100 });
    const { result } = await watch({ clock, observer: fakeObserver(clock, three, refresh), gate: fakeGate(() => "Successful"), refreshId: "r-1" });
    expect(result.type).toBe("healthy");
    expect(clock.slept).toBeGreaterThanOrEqual(20_000);
  });

  it("the refresh watch ends as soon as the refresh's outcome is known", async () => {
    const clock = fakeClock();
    let polls = 0;
    const observer: RolloutObserver = {
      refresh: async () => ({ status: ++polls < 3 ? "RollbackInProgress" : "RollbackSuccessful", percentage: 50 }),
      fleet: async () => ({ desired: 3, instances: three() }),
    };
    const status = await watchRefreshToEnd({
      clients: undefined as never,
      groupName: "roll-site",
      refreshId: "r-1",
      emit: () => {},
      signal: new AbortController().signal,
      versionOfImage: () => undefined,
      pollMs: 500,
      clock,
      observer,
    });
    expect(status).toBe("RollbackSuccessful");
    expect(polls).toBe(3);
    expect(clock.slept).toBe(1000);
  });
});
