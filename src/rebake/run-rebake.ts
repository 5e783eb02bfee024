// roll rebake <app>: bake the app again on the newest base image with its security-update step, and
// deploy the result only when the evidence (base image, package manifest) says something changed.
// The list of steps below is the whole story; webhooks hear the result once the lock is released.

import { describeError, isAbort } from "../engine/errors.js";
import { redactError } from "../engine/redact.js";
import type { ResultEvent } from "../engine/events.js";
import { runSteps, type Step } from "../engine/steps.js";
import type { RunContext } from "../pipelines/context.js";
import { changeCount } from "./manifest.js";
import { newRebakeRun, type RebakeRequest, type RebakeRun } from "./steps/state.js";
import { stepBake } from "./steps/step-bake.js";
import { stepDeployChanged, stepDiscardUnchanged } from "./steps/step-decide.js";
import { stepLoad } from "./steps/step-load.js";
import { stepLock } from "./steps/step-lock.js";
import { stepRecord } from "./steps/step-record.js";
import { notifyWebhooks } from "./webhook.js";

export type { RebakeRequest } from "./steps/state.js";

export const rebakeSteps: Step<RebakeRun>[] = [
  stepLock, //             take the app's lock for the whole rebake, its release included   (cleanup: release it)
  stepLoad, //             the app, its live version and manifest, the template
  stepRecord, //                                          (cleanup: history, unless the release wrote it)
  stepBake, //             a fresh bake + security step + manifest; compare with the live version  (cleanup: discard the image of a failed rebake)
  stepDiscardUnchanged, // nothing changed: the image goes
  stepDeployChanged, //    something changed: the release pipeline deploys it behind the gates
];

export async function runRebake(base: RunContext, request: RebakeRequest): Promise<ResultEvent> {
  const run = newRebakeRun(base, request);
  const notify = (result: ResultEvent) => notifyWebhooks([run.app?.rebake?.webhook, request.webhook], result, run.ctx.emit);
  const resultBase = { type: "result" as const, app: request.app, phases: run.durations };
  try {
    await runSteps(rebakeSteps, run, { signal: base.signal, emit: run.ctx.emit });
  } catch (error) {
    const reason = run.redact(describeError(error));
    if (isAbort(error) || base.signal.aborted) {
      const cancelled: ResultEvent = { ...resultBase, outcome: "cancelled", reason, durationMs: Date.now() - run.startedAt };
      await notify(cancelled);
      return cancelled;
    }
    await notify({ ...resultBase, outcome: "failed", reason, durationMs: Date.now() - run.startedAt, rebake: run.comparison?.summary });
    throw redactError(error, run.redact);
  }
  const summary = run.comparison!.summary;
  const live = run.live;
  const result: ResultEvent = run.released
    ? { ...run.released, durationMs: Date.now() - run.startedAt, phases: run.durations, rebake: summary }
    : { ...resultBase, outcome: "up-to-date", version: live!.version, live: live!.version, imageId: live!.imageId, durationMs: Date.now() - run.startedAt, rebake: { ...summary } };
  await notify(result);
  return result;
}

/** Total packages changed, for summaries. */
export function packagesChanged(result: ResultEvent): number {
  return result.rebake ? changeCount(result.rebake.packages) : 0;
}
