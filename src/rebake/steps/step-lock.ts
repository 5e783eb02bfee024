// Take the app's lock for the whole rebake: the release it may hand over to runs under it too, so no
// other run can come between the bake and its deploy.

import type { Step } from "../../engine/steps.js";
import { inPhase } from "../../pipelines/context.js";
import { acquireLock } from "../../releases/lock.js";
import { appStateDir } from "../../releases/store.js";
import type { RebakeRun } from "./state.js";

export const stepLock: Step<RebakeRun> = {
  name: "lock",
  async run(run, step) {
    const { app, command, lockWaitMs } = run.request;
    run.lock = await inPhase(step, run.durations, "lock", `lock ${app}`, () =>
      acquireLock(appStateDir(run.ctx.stateRoot, app), { app, command, waitMs: lockWaitMs, signal: step.signal }),
    );
  },
  cleanup: async (run) => run.lock?.release(),
};
