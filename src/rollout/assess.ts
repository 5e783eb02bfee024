// The pure verdict over a gate's measurements (Argo Rollouts' analysis limits).

import type { AssessmentLimits } from "./policy.js";
import type { Measurement } from "./measurement.js";

export type Assessment =
  | { verdict: "ok" }
  | { verdict: "inconclusive"; reason: string }
  | { verdict: "failed"; reason: string; evidence: Measurement[] };

export const DEFAULT_LIMITS: Required<AssessmentLimits> = {
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 4,
};

/** Measurements of one gate, oldest first. Errors are counted per target, since one dead probe path says nothing of the others. */
export function assessGate(measurements: Measurement[], limits: AssessmentLimits = {}): Assessment {
  const { failureLimit, inconclusiveLimit, consecutiveErrorLimit } = { ...DEFAULT_LIMITS, ...limits };
  const failed = measurements.filter((m) => m.status === "Failed");
  if (failed.length > failureLimit) {
    const last = failed[failed.length - 1];
    return {
      verdict: "failed",
      reason: `${failed.length} failed measurement${failed.length === 1 ? "" : "s"} (limit ${failureLimit}); last on ${last.target}: ${last.value ?? ""}${last.message ? ` ${last.message}` : ""}`.trim(),
      evidence: failed.slice(-5),
    };
  }
  const byTarget = new Map<string, Measurement[]>();
  for (const measurement of measurements) {
    const list = byTarget.get(measurement.target) ?? [];
    list.push(measurement);
    byTarget.set(measurement.target, list);
  }
  for (const [target, list] of byTarget) {
    let streak = 0;
    for (let index = list.length - 1; index >= 0 && list[index].status === "Error"; index--) streak++;
    if (streak > consecutiveErrorLimit) {
      return {
        verdict: "failed",
        reason: `${streak} consecutive errors on ${target} (limit ${consecutiveErrorLimit}): ${list[list.length - 1].message ?? ""}`,
        evidence: list.slice(-streak).slice(-5),
      };
    }
  }
  const inconclusive = measurements.filter((m) => m.status === "Inconclusive");
  if (inconclusive.length > inconclusiveLimit) {
    return { verdict: "inconclusive", reason: `${inconclusive.length} inconclusive measurements (limit ${inconclusiveLimit})` };
  }
  return { verdict: "ok" };
}
