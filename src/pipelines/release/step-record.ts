// The run's one history entry, written here whatever happened: the verdict after a rollout, or why the
// run failed or was cancelled. Nothing is recorded when the run stopped before it chose an image.

import { isAbort } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { recordHistory } from "../../releases/store.js";
import type { HistoryOutcome } from "../../releases/types.js";
import { inPhase } from "../context.js";
import { failureReason, historyKind, type ReleaseRun } from "./state.js";

export const stepRecord: Step<ReleaseRun> = {
  name: "record",
  async run() {
    // Recording happens in cleanup, so a failed or cancelled run is recorded the same way.
  },
  async cleanup(run, step, outcome) {
    const chosen = run.chosen;
    if (!chosen) return;
    const entry = { kind: historyKind(run.request), version: chosen.version, startedAt: new Date(run.startedAt).toISOString() };
    const verdict = run.verdict;
    if (!outcome.failed && verdict) {
      const recorded: HistoryOutcome = verdict.outcome === "deployed" || verdict.outcome === "rolled-back" ? verdict.outcome : "failed";
      await inPhase(step, run.durations, "record", "record release", () =>
        run.store.update((state) =>
          recordHistory(state, { ...entry, previous: run.live?.version, outcome: recorded, reason: verdict.reason, endedAt: new Date().toISOString() }),
        ),
      );
      return;
    }
    const cancelled = isAbort(outcome.error) || outcome.cancelled;
    await run.store.update((state) =>
      recordHistory(state, {
        ...entry,
        previous: state.live,
        outcome: cancelled ? "cancelled" : "failed",
        reason: failureReason(run, outcome.error),
        endedAt: new Date().toISOString(),
      }),
    );
  },
};
