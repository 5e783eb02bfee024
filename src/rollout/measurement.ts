// A gate reports measurements, not exceptions (Argo Rollouts' model): "could not measure" (Error) is
// not "measured bad" (Failed).

import type { CloudClients } from "../cloud/target.js";
import type { GateStatus } from "../engine/events.js";

export interface GateTarget {
  id: string;
  ip: string;
}

export interface Measurement {
  gate: string;
  target: string;
  status: GateStatus;
  /** What was seen, e.g. "HTTP 500" or "exit 1". */
  value?: string;
  message?: string;
  at: number;
  /**
   * The instances this measurement speaks for, when not just `target`: a command gate's one run covers
   * every instance it was given, an alarm the whole fleet it watched.
   */
  instances?: string[];
}

export interface GateProvider {
  /** A short stable name, e.g. "http :8080/healthz". */
  name: string;
  intervalMs: number;
  /** One round of measurements over the targets. Never throws for a bad target: that is a measurement. */
  measure(targets: GateTarget[], signal: AbortSignal): Promise<Measurement[]>;
}

/** What cloud-backed gates need besides their spec. */
export interface GateContext {
  clients: CloudClients;
  groupName: string;
  /** The group's target groups, for target-health gates that name none. */
  targetGroupArns(): Promise<string[]>;
}
