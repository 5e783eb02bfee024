// Deploy and rollback share one pipeline; they differ only in where the image comes from (a bake, or
// a registered version). The list of steps below is the whole story of a release; each step's cleanup
// runs, last first, whatever happened (src/engine/steps.ts).

import { isAbort } from "../engine/errors.js";
import type { Outcome, ResultEvent } from "../engine/events.js";
import { redactError } from "../engine/redact.js";
import { runSteps, type Step } from "../engine/steps.js";
import type { RunContext } from "./context.js";
import { failureReason, newReleaseRun, type ReleaseRequest, type ReleaseRun } from "./release/state.js";
import { stepImage } from "./release/step-image.js";
import { stepJournal } from "./release/step-journal.js";
import { stepLaunchTemplate } from "./release/step-launch-template.js";
import { stepLock } from "./release/step-lock.js";
import { stepPrepare } from "./release/step-prepare.js";
import { stepRecord } from "./release/step-record.js";
import { stepReconcile } from "./release/step-reconcile.js";
import { stepRefresh } from "./release/step-refresh.js";

export type { ReleaseRequest, ReleaseSource } from "./release/state.js";

export const releaseSteps: Step<ReleaseRun>[] = [
  stepLock, //           take the app's lock                      (cleanup: release it)
  stepPrepare, //        load the app, repair what a dead run left
  stepJournal, //        open the journal                          (cleanup: remove it once the fleet is safe)
  stepRecord, //                                                   (cleanup: the run's one history entry)
  stepImage, //          bake or reuse the image, or find the version
  stepLaunchTemplate, // phase a: launch-template version, group stays on the live one
  stepRefresh, //        phase b: instance refresh behind the gates, rollback  (cleanup: roll back an unwatched refresh)
  stepReconcile, //      phase c: the stack records what the cloud runs
];

export async function runRelease(base: RunContext, request: ReleaseRequest): Promise<ResultEvent> {
  const run = newReleaseRun(base, request);
  const result = (outcome: Outcome, extra: Partial<ResultEvent>): ResultEvent => ({
    type: "result",
    app: request.app,
    outcome,
    durationMs: Date.now() - run.startedAt,
    phases: run.durations,
    ...extra,
  });
  try {
    await runSteps(releaseSteps, run, { signal: run.ctx.signal, emit: run.ctx.emit });
  } catch (error) {
    if (!isAbort(error) && !base.signal.aborted) throw redactError(error, run.redact);
    return result("cancelled", { version: run.chosen?.version, reason: failureReason(run, error) });
  }
  const chosen = run.chosen!;
  const verdict = run.verdict!;
  return result(verdict.outcome, {
    version: chosen.version,
    live: verdict.outcome === "deployed" ? chosen.version : run.live?.version,
    imageId: chosen.imageId,
    reason: verdict.reason,
    instances: run.measured,
  });
}
