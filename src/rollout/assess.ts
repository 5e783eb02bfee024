// The pure verdict over a gate's measurements (Argo Rollouts' analysis limits). "ok" here only means
// "nothing wrong yet": whether the whole fleet has been proven healthy is assessFleet's question.

import type { AssessmentLimits } from "./policy.js";
import type { Measurement } from "./measurement.js";

export type Assessment =
  | { verdict: "ok" }
  | { verdict: "inconclusive"; reason: string }
  | { verdict: "failed"; reason: string; evidence: Measurement[] };

export const DEFAULT_LIMITS: Required<AssessmentLimits> = {
  failureLimit: 0,
  inconclusiveLimit: 5,
  consecutiveErrorLimit: 4,
  consecutiveSuccessLimit: 2,
};

export function limitsOf(limits: AssessmentLimits = {}): Required<AssessmentLimits> {
  return { ...DEFAULT_LIMITS, ...limits };
}

function byTarget(measurements: Measurement[]): Map<string, Measurement[]> {
  const grouped = new Map<string, Measurement[]>();
  for (const measurement of measurements) {
    const list = grouped.get(measurement.target) ?? [];
    list.push(measurement);
    grouped.set(measurement.target, list);
  }
  return grouped;
}

/** How many of the newest measurements in a row have this status. */
export function trailingStreak(list: Measurement[], status: Measurement["status"]): number {
  let streak = 0;
  for (let index = list.length - 1; index >= 0 && list[index].status === status; index--) streak++;
  return streak;
}

function describeLast(measurement: Measurement): string {
  return `${measurement.value ?? measurement.status}${measurement.message ? ` ${measurement.message}` : ""}`;
}

/**
 * Measurements of one gate, oldest first. Errors and inconclusive answers are counted per target and
 * in a row only, since one dead probe path says nothing of the others and a later answer settles it.
 * Inconclusive pauses the verdict until the limit; one more fails the gate.
 */
export function assessGate(measurements: Measurement[], limits: AssessmentLimits = {}): Assessment {
  const { failureLimit, inconclusiveLimit, consecutiveErrorLimit } = limitsOf(limits);
  const failed = measurements.filter((m) => m.status === "Failed");
  if (failed.length > failureLimit) {
    const last = failed[failed.length - 1];
    return {
      verdict: "failed",
      reason: `${failed.length} failed measurement${failed.length === 1 ? "" : "s"} (limit ${failureLimit}); last on ${last.target}: ${describeLast(last)}`.trim(),
      evidence: failed.slice(-5),
    };
  }
  const grouped = byTarget(measurements);
  for (const [target, list] of grouped) {
    const streak = trailingStreak(list, "Error");
    if (streak > consecutiveErrorLimit) {
      return {
        verdict: "failed",
        reason: `${streak} consecutive errors on ${target} (limit ${consecutiveErrorLimit}): ${list[list.length - 1].message ?? ""}`,
        evidence: list.slice(-Math.min(streak, 5)),
      };
    }
  }
  for (const [target, list] of grouped) {
    const streak = trailingStreak(list, "Inconclusive");
    if (streak > inconclusiveLimit) {
      return {
        verdict: "failed",
        reason: `${streak} inconclusive measurements in a row on ${target} (limit ${inconclusiveLimit}): ${describeLast(list[list.length - 1])}`,
        evidence: list.slice(-Math.min(streak, 5)),
      };
    }
  }
  for (const [target, list] of grouped) {
    const streak = trailingStreak(list, "Inconclusive");
    if (streak > 0) {
      return { verdict: "inconclusive", reason: `${target} is inconclusive (${streak} of at most ${inconclusiveLimit}): ${describeLast(list[list.length - 1])}` };
    }
  }
  return { verdict: "ok" };
}
