// How many terraform commands a run ran, and how long they took, per phase: the `--json` result's
// `terraform` figures. Kept per run, keyed by the run's own copy of its infrastructure choice (a
// release copies the choice it is given; the CLI makes one per process), so the pipeline steps that
// apply or plan need no extra plumbing to report them. Also remembers whether the run has applied
// the stack already (then its reconcile need not re-read the cloud).

import type { InfraChoice } from "./choice.js";
import type { CommandRecord } from "./terraform/adapter.js";

export interface PhaseFigures {
  commands: number;
  ms: number;
  /** e.g. { plan: 1, apply: 1 } */
  byCommand: Record<string, number>;
}

export type TerraformFigures = Record<string, PhaseFigures>;

export interface CommandStats {
  record(phase: string, record: CommandRecord): void;
  figures(): TerraformFigures | undefined;
  markApplied(): void;
  applied(): boolean;
}

const byRun = new WeakMap<object, TerraformFigures>();
const appliedRuns = new WeakSet<object>();

/** The stats of the run that owns `choice`; without a choice nothing is recorded. */
export function createCommandStats(choice: InfraChoice | undefined): CommandStats {
  const run: object = choice ?? {};
  return {
    markApplied: () => appliedRuns.add(run),
    applied: () => appliedRuns.has(run),
    record(phase, { command, ms }) {
      if (!choice || choice.kind !== "terraform") return;
      const figures = byRun.get(run) ?? {};
      byRun.set(run, figures);
      const entry = (figures[phase] ??= { commands: 0, ms: 0, byCommand: {} });
      entry.commands++;
      entry.ms += ms;
      entry.byCommand[command] = (entry.byCommand[command] ?? 0) + 1;
    },
    figures() {
      return byRun.get(run);
    },
  };
}
