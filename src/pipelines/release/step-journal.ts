// Open the run's journal, so that a run killed with SIGKILL can be repaired by the next one. It is
// removed only once the fleet is known to be safe; otherwise it stays for the next run to repair.

import type { Step } from "../../engine/steps.js";
import { type ReleaseRun } from "./state.js";

export const stepJournal: Step<ReleaseRun> = {
  name: "journal",
  async run(run) {
    await run.journal.write({
      runId: `${process.pid}-${run.startedAt}`,
      pid: process.pid,
      command: run.request.command,
      startedAt: new Date(run.startedAt).toISOString(),
      phase: "bake",
      previous: run.live?.version,
      groupName: run.knownGroupName,
    });
  },
  async cleanup(run, step) {
    if (run.fleetAtRisk) {
      step.emit({ type: "log", level: "warn", message: `the run's journal is kept so that the next run repairs the group: ${run.fleetAtRisk}` });
      return;
    }
    await run.journal.clear();
  },
};
