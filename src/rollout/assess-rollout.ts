// The rollout's verdict, a pure function of what the watch has learnt (rollout-state.ts) and the time:
// healthy only when the whole fleet is on the new version and every instance in scope has been
// measured healthy by every gate the policy's number of times in a row after the last replacement,
// for at least the soak. Anything unproven waits; the limits turn waiting into failure.

import type { GateEvidence, InstanceEvidence } from "../engine/events.js";
import { assessGate, limitsOf } from "./assess.js";
import type { Measurement } from "./measurement.js";
import type { AssessmentLimits } from "./policy.js";
import { everProven, streakSince, type RolloutState } from "./rollout-state.js";

export type RolloutDecision =
  | { type: "wait"; reason: string }
  | { type: "healthy" }
  | { type: "gate-failed"; gate: string; target?: string; reason: string; evidence: Measurement[] }
  | { type: "refresh-ended"; status: string; reason?: string };

/** Refresh statuses that mean the release is not going live. */
export const REFRESH_FAILED = new Set(["Failed", "Cancelled", "Cancelling", "RollbackInProgress", "RollbackSuccessful", "RollbackFailed"]);

export interface RolloutView {
  now: number;
  /** Undefined when no refresh runs (a first deploy, or a fleet already on the version). */
  refresh?: { status: string; reason?: string };
  soakMs: number;
  limits?: AssessmentLimits;
}

/** Failed gates end the rollout at once, whatever else is going on. */
export function assessGates(state: RolloutState, limits?: AssessmentLimits): Extract<RolloutDecision, { type: "gate-failed" }> | undefined {
  for (const gate of state.gates) {
    const assessment = assessGate(state.measurements.get(gate)!, limits);
    if (assessment.verdict === "failed") {
      const last = assessment.evidence[assessment.evidence.length - 1];
      return { type: "gate-failed", gate, target: last?.target, reason: assessment.reason, evidence: assessment.evidence };
    }
  }
  return undefined;
}

export function assessRollout(state: RolloutState, view: RolloutView): RolloutDecision {
  const limits = limitsOf(view.limits);
  if (view.refresh && REFRESH_FAILED.has(view.refresh.status)) {
    return { type: "refresh-ended", status: view.refresh.status, reason: view.refresh.reason };
  }
  if (!state.present) return { type: "refresh-ended", status: "group-missing", reason: "the group no longer exists" };
  const failed = assessGates(state, limits);
  if (failed) return failed;
  // The refresh says it is done, yet old instances remain (a last checkpoint below 100%, or a change
  // made behind roll's back): never call a mixed fleet deployed.
  if (state.leftoverTicks >= 3) {
    return {
      type: "refresh-ended",
      status: "Successful",
      reason: `the refresh ended with ${state.old} of ${state.total} instances still on the old version`,
    };
  }
  if (state.completeSince === undefined) {
    return { type: "wait", reason: view.refresh ? `refresh ${view.refresh.status}` : "waiting for the fleet to be in service" };
  }
  for (const gate of state.gates) {
    const assessment = assessGate(state.measurements.get(gate)!, limits);
    if (assessment.verdict === "inconclusive") return { type: "wait", reason: `gate ${gate} paused: ${assessment.reason}` };
    const perInstance = state.byInstance.get(gate)!;
    for (const id of state.inService) {
      const streak = streakSince(perInstance.get(id), state.lastChangeAt);
      if (streak < limits.consecutiveSuccessLimit) {
        return { type: "wait", reason: `gate ${gate}: ${id} measured healthy ${streak} of ${limits.consecutiveSuccessLimit} times since the last replacement` };
      }
    }
  }
  const soaked = view.now - Math.max(state.completeSince, state.lastChangeAt);
  if (soaked < view.soakMs) return { type: "wait", reason: `soaking ${Math.floor(soaked / 1000)}s of ${Math.ceil(view.soakMs / 1000)}s` };
  // AWS may still roll back while the refresh bakes: only its end makes the release live.
  if (view.refresh && view.refresh.status !== "Successful") return { type: "wait", reason: `refresh ${view.refresh.status}` };
  return { type: "healthy" };
}

function gateEvidence(gate: string, list: Measurement[] | undefined, since: number): GateEvidence {
  const all = list ?? [];
  const count = (status: Measurement["status"]) => all.filter((m) => m.status === status).length;
  const last = all[all.length - 1];
  return {
    gate,
    measured: all.length,
    successful: count("Successful"),
    failed: count("Failed"),
    errors: count("Error"),
    inconclusive: count("Inconclusive"),
    streak: streakSince(all, since),
    last: last ? { status: last.status, value: last.value, message: last.message } : undefined,
  };
}

/** Per instance in scope, what every gate measured and what that adds up to (for the result record). */
export function instanceEvidence(state: RolloutState, limits?: AssessmentLimits): InstanceEvidence[] {
  const { consecutiveSuccessLimit } = limitsOf(limits);
  const serving = new Set(state.inService);
  return [...state.seen.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, seen]): InstanceEvidence => {
      const gates = state.gates.map((gate) => gateEvidence(gate, state.byInstance.get(gate)!.get(id), state.lastChangeAt));
      const inService = serving.has(id);
      const proven = state.gates.every((gate) => {
        const list = state.byInstance.get(gate)!.get(id);
        return inService ? streakSince(list, state.lastChangeAt) >= consecutiveSuccessLimit : everProven(list, consecutiveSuccessLimit);
      });
      const verdict: InstanceEvidence["verdict"] = gates.some((g) => g.failed > 0)
        ? "failed"
        : gates.every((g) => g.measured === 0)
          ? "unmeasured"
          : proven
            ? "healthy"
            : "inconclusive";
      return { id, version: seen.version, origin: state.initial?.has(id) ? "kept" : "launched", inService, verdict, gates };
    });
}
