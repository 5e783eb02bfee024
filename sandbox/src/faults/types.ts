// The faults a sandbox can be told to inject, as plain JSON: what `roll sandbox up` flags set, what
// GET/PUT /__sandbox/faults read and write, and what `roll sandbox status --json` shows.

/** Per-action values: "*" applies to every action that has no entry of its own. */
export type PerAction = Record<string, number>;

export interface FaultSettings {
  /** "aws": EC2's documented token buckets and one Auto Scaling bucket; "off" (default): no throttling. */
  throttle: "off" | "aws";
  /** Probability (0-1) that a request fails before it does anything, per action or "*". */
  errorRate: PerAction;
  /** "internal": InternalError 500 (EC2) / InternalFailure 500 (Auto Scaling); "unavailable": ServiceUnavailable 503. */
  errorKind: "internal" | "unavailable";
  /** Milliseconds added before every request is answered, per action or "*". */
  latencyMs: PerAction;
  /** Probability (0-1) that a launched instance fails to boot (terminated, Server.InternalError). */
  bootFailureRate: number;
  /** A share of instances fail their status checks (processes die) this long after they run. */
  unhealthyAfter: { afterMs: number; rate: number } | null;
  /** New instances refuse SSH connections for this long after boot (0 = never). */
  sshRefuseMs: number;
  /** Seed for the fault dice, so a fault run can be repeated; null = random. */
  seed: number | null;
}

export function noFaults(): FaultSettings {
  return { throttle: "off", errorRate: {}, errorKind: "internal", latencyMs: {}, bootFailureRate: 0, unhealthyAfter: null, sshRefuseMs: 0, seed: null };
}

/** The value for an action: its own entry, else "*", else 0. */
export function forAction(values: PerAction, action: string): number {
  return values[action] ?? values["*"] ?? 0;
}

/** True when nothing is injected (the default). */
export function isQuiet(settings: FaultSettings): boolean {
  const none = noFaults();
  return (
    settings.throttle === none.throttle &&
    Object.values(settings.errorRate).every((r) => r === 0) &&
    Object.values(settings.latencyMs).every((ms) => ms === 0) &&
    settings.bootFailureRate === 0 &&
    (settings.unhealthyAfter === null || settings.unhealthyAfter.rate === 0) &&
    settings.sshRefuseMs === 0
  );
}
