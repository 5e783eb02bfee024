// The rebake's history entry when the release pipeline does not write one: "up to date" when the
// image changed nothing, or why the rebake failed before its release. Written in cleanup, so every
// outcome is recorded in this one place.

import { describeError, isAbort } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { recordHistory } from "../../releases/store.js";
import type { RebakeRun } from "./state.js";

export const stepRecord: Step<RebakeRun> = {
  name: "record",
  async run() {
    // Recording happens in cleanup, so a failed or cancelled rebake is recorded the same way.
  },
  async cleanup(run, _step, outcome) {
    if (run.handedOver) return; // the release recorded its own
    const live = run.live;
    const startedAt = new Date(run.startedAt).toISOString();
    if (!outcome.failed) {
      if (!live || !run.bake) return;
      await run.store.update((state) =>
        recordHistory(state, {
          kind: "rebake",
          version: live.version,
          previous: live.version,
          outcome: "up-to-date",
          reason: `${run.bake!.version} had the same base image and packages as ${live.version}; discarded`,
          startedAt,
          endedAt: new Date().toISOString(),
        }),
      );
      return;
    }
    const cancelled = isAbort(outcome.error) || outcome.cancelled;
    await run.store.update((state) =>
      recordHistory(state, {
        kind: "rebake",
        version: run.manifest?.version ?? state.live ?? "none",
        previous: state.live,
        outcome: cancelled ? "cancelled" : "failed",
        reason: run.redact(describeError(outcome.error)),
        startedAt,
        endedAt: new Date().toISOString(),
      }),
    );
  },
};
