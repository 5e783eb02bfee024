// What a rollout watch has learnt so far, kept apart from the polling so that the verdict is a pure
// function of it (assess-rollout.ts) and tests can drive it with a fake clock. No I/O here.

import type { Measurement } from "./measurement.js";
import type { FleetInstance } from "./fleet.js";
import { inService } from "./fleet.js";

export interface RolloutState {
  gates: string[];
  /**
   * Instances already on the target version when the refresh started (a rollback keeps them). Empty
   * without a refresh: the group was just created with the version, or already ran it.
   */
  initial?: Set<string>;
  /** Whether a refresh replaces instances, so that the first look tells kept from launched. */
  refreshing: boolean;
  /**
   * Every instance ever seen in service on the target version, launched by this release or kept. One
   * that never got in service (a failed launch the group replaced) never served and is not in scope.
   */
  seen: Map<string, { version?: string; ip?: string }>;
  /** In-service instances on the target version at the last tick, sorted. */
  inService: string[];
  /** When the set of in-service target instances last changed: the last replacement. */
  lastChangeAt: number;
  /** Since when the fleet is whole: every instance in service and on the target version. */
  completeSince?: number;
  /** Instances not on the target version, and the fleet's size, at the last tick. */
  old: number;
  total: number;
  present: boolean;
  /** Ticks in a row where the refresh said Successful yet old instances remained. */
  leftoverTicks: number;
  /** Per gate: every measurement, oldest first (for the limits), and the same per instance covered. */
  measurements: Map<string, Measurement[]>;
  byInstance: Map<string, Map<string, Measurement[]>>;
}

export function newRolloutState(gates: string[], now: number, refreshing: boolean): RolloutState {
  return {
    gates,
    refreshing,
    seen: new Map(),
    inService: [],
    lastChangeAt: now,
    old: 0,
    total: 0,
    present: true,
    leftoverTicks: 0,
    measurements: new Map(gates.map((gate) => [gate, []])),
    byInstance: new Map(gates.map((gate) => [gate, new Map()])),
  };
}

export interface FleetObservation {
  /** Undefined when the group is gone. */
  instances?: FleetInstance[];
  desired: number;
  isNew: (instance: FleetInstance) => boolean;
  /** The refresh has finished replacing (Successful or Baking), or there is none. */
  refreshDone: boolean;
  refreshSuccessful: boolean;
}

/** Takes in one look at the fleet: who is new, whether it changed, whether it is whole. */
export function observeFleet(state: RolloutState, observation: FleetObservation, now: number): void {
  const instances = observation.instances;
  state.present = instances !== undefined;
  if (!instances) return;
  const fresh = instances.filter(observation.isNew);
  if (!state.initial) state.initial = new Set(state.refreshing ? fresh.map((i) => i.id) : []);
  const servingNow = fresh.filter((i) => inService(i) && i.ip);
  for (const instance of servingNow) state.seen.set(instance.id, { version: instance.version, ip: instance.ip });
  const serving = servingNow.map((i) => i.id).sort();
  if (serving.join(",") !== state.inService.join(",")) {
    state.inService = serving;
    state.lastChangeAt = now;
  }
  state.old = instances.length - fresh.length;
  state.total = instances.length;
  const whole = instances.length >= observation.desired && instances.every((i) => inService(i) && observation.isNew(i));
  state.completeSince = whole && observation.refreshDone ? (state.completeSince ?? now) : undefined;
  state.leftoverTicks = observation.refreshSuccessful && state.old > 0 ? state.leftoverTicks + 1 : 0;
}

function covered(measurement: Measurement): string[] {
  return measurement.instances ?? [measurement.target];
}

function append(map: Map<string, Measurement[]>, key: string, measurement: Measurement): void {
  const list = map.get(key) ?? [];
  list.push(measurement);
  map.set(key, list);
}

/** Whether the instance was ever measured healthy `needed` times in a row by this gate. */
export function everProven(list: Measurement[] | undefined, needed: number): boolean {
  let run = 0;
  for (const measurement of list ?? []) {
    run = measurement.status === "Successful" ? run + 1 : 0;
    if (run >= needed) return true;
  }
  return false;
}

/** Successful measurements in a row, newest last, taken at or after `since`. */
export function streakSince(list: Measurement[] | undefined, since: number): number {
  let streak = 0;
  for (let index = (list?.length ?? 0) - 1; index >= 0; index--) {
    const measurement = list![index];
    if (measurement.at < since || measurement.status !== "Successful") break;
    streak++;
  }
  return streak;
}

/**
 * Instances this release launched (or kept) that left the fleet before this gate proved them healthy:
 * they can no longer be measured, so each round counts them Inconclusive until the limit fails the gate.
 */
export function vanishedUnproven(state: RolloutState, gate: string, needed: number): string[] {
  const perInstance = state.byInstance.get(gate)!;
  const serving = new Set(state.inService);
  return [...state.seen.keys()].filter((id) => !serving.has(id) && !everProven(perInstance.get(id), needed)).sort();
}

/** Records one round of a gate, stamped with the tick's time. */
export function recordRound(state: RolloutState, gate: string, round: Measurement[], now: number, needed: number): Measurement[] {
  const stamped = round.map((measurement) => ({ ...measurement, at: now }));
  const gone = vanishedUnproven(state, gate, needed);
  for (const id of gone) {
    stamped.push({ gate, target: id, status: "Inconclusive", value: "gone", message: "left the fleet before it was measured healthy", at: now });
  }
  const perInstance = state.byInstance.get(gate)!;
  for (const measurement of stamped) {
    state.measurements.get(gate)!.push(measurement);
    for (const id of covered(measurement)) append(perInstance, id, measurement);
  }
  return stamped;
}
