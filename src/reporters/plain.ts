// Plain lines for logs and CI: "[  3.2s] bake      provisioner 1 (shell) started". One line per
// meaningful event; repeated polls that say nothing new are folded away unless verbose.

import type { PhaseName, ResultEvent, RollEvent, TimedEvent } from "../engine/events.js";
import { formatElapsed } from "./format.js";
import { paintFor, type Paint, type Tone } from "./plain/colour.js";
import { describeEvent, describeInstance } from "./plain/describe-event.js";
import { eventMillis, stampEvent } from "./time.js";
import type { OutputStream, Reporter, ReporterOptions } from "./types.js";
import { describeResult, verdictTone } from "./verdict.js";

// "reconcile" is the longest phase name; the message column starts after it.
const PHASE_WIDTH = 9;

export class PlainReporter implements Reporter {
  private readonly stdout: OutputStream;
  private readonly verbose: boolean;
  private readonly paint: Paint;
  private startMillis: number | undefined;
  /** Phases that started and have not ended, oldest first; the newest names the column. */
  private running: PhaseName[] = [];
  private lastRefresh = "";
  private instances = new Map<string, string>();
  private gates = new Map<string, string>();
  private lastMillis: number | undefined;
  private result: ResultEvent | undefined;
  private finished = false;

  constructor(options: ReporterOptions) {
    this.stdout = options.stdout;
    this.verbose = options.verbose ?? false;
    this.paint = paintFor(options.stdout);
  }

  onEvent(event: TimedEvent | RollEvent): void {
    if (this.finished) return;
    const timed = stampEvent(event);
    const millis = eventMillis(timed);
    this.startMillis ??= millis;
    this.lastMillis = Math.max(this.lastMillis ?? millis, millis);
    const elapsed = formatElapsed(millis - this.startMillis);

    if (timed.type === "result") {
      // Held until finish(), so the verdict stays the last line even when cleanup reports follow it.
      this.result ??= timed;
      return;
    }
    const column = this.phaseColumn(timed);
    if (timed.type === "phase-start") this.running.push(timed.phase);
    if (timed.type === "phase-end") this.running = this.running.filter((phase) => phase !== timed.phase);

    const lines = this.linesFor(timed);
    const tone = toneOf(timed);
    for (const line of lines) {
      const text = tone ? this.paint(tone, line) : line;
      this.stdout.write(`${elapsed} ${column.padEnd(PHASE_WIDTH)} ${text}\n`);
    }
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    let verdict = "";
    if (this.result) {
      // Stamped with the last moment seen, so the elapsed column never runs backwards.
      const elapsed = formatElapsed((this.lastMillis ?? 0) - (this.startMillis ?? 0));
      verdict = `${elapsed} ${this.paint(verdictTone(this.result.outcome), describeResult(this.result))}\n`;
    }
    await new Promise<void>((resolve, reject) => {
      this.stdout.write(verdict, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  private phaseColumn(event: RollEvent): string {
    switch (event.type) {
      case "phase-start":
      case "phase-end":
        return event.phase;
      case "refresh":
      case "instances":
        // The refresh that puts the old version back belongs to the rollback.
        if (this.running.includes("rollback")) return "rollback";
        return this.running.includes("refresh") ? "refresh" : (this.running.at(-1) ?? "");
      case "gate":
        return "gates";
      case "rollback":
        return "rollback";
      default:
        return this.running.at(-1) ?? "";
    }
  }

  /** Lines to print, after folding away what repeats the previous poll. */
  private linesFor(event: RollEvent): string[] {
    if (event.type === "refresh") {
      const key = `${event.refreshId} ${event.status} ${Math.round(event.percentage)}`;
      if (key === this.lastRefresh && !this.verbose) return [];
      this.lastRefresh = key;
      return describeEvent(event);
    }
    if (event.type === "instances") return this.changedInstances(event.instances);
    if (event.type === "gate") return this.changedGate(event);
    return describeEvent(event);
  }

  /** A gate measures every second or so: print a target's line only when what it measures changes. */
  private changedGate(event: Extract<RollEvent, { type: "gate" }>): string[] {
    const key = `${event.gate} ${event.target ?? ""}`;
    const seen = `${event.status} ${event.value ?? ""} ${event.verdict ?? ""}`;
    if (!this.verbose && this.gates.get(key) === seen) return [];
    this.gates.set(key, seen);
    return describeEvent(event);
  }

  private changedInstances(instances: Extract<RollEvent, { type: "instances" }>["instances"]): string[] {
    const next = new Map(instances.map((instance) => [instance.id, describeInstance(instance)]));
    const lines: string[] = [];
    for (const [id, line] of next) {
      if (this.verbose || this.instances.get(id) !== line) lines.push(line);
    }
    for (const id of this.instances.keys()) {
      if (!next.has(id)) lines.push(`instance ${id} gone`);
    }
    this.instances = next;
    return lines;
  }
}

function toneOf(event: RollEvent): Tone | undefined {
  switch (event.type) {
    case "phase-end":
      return event.status === "failed" ? "bad" : event.status === "ok" ? "good" : "dim";
    case "log":
      return event.level === "error" ? "bad" : event.level === "warn" ? "warning" : undefined;
    case "notice":
      return "warning";
    case "resource":
      return event.action === "delete-failed" ? "bad" : undefined;
    case "output":
      return "dim";
    case "gate":
      if (event.verdict === "failed" || event.status === "Failed") return "bad";
      if (event.status === "Error" || event.status === "Inconclusive") return "warning";
      return event.verdict === "passed" ? "good" : undefined;
    case "rollback":
      return "warning";
    default:
      return undefined;
  }
}
