// Take the app's lock (unless the caller hands over one it holds); release it last.

import type { Step } from "../../engine/steps.js";
import { acquireLock } from "../../releases/lock.js";
import { appStateDir } from "../../releases/store.js";
import { inPhase } from "../context.js";
import { stepRunContext, type ReleaseRun } from "./state.js";

export const stepLock: Step<ReleaseRun> = {
  name: "lock",
  async run(run, step) {
    const { request } = run;
    if (request.heldLock) {
      run.lock = request.heldLock;
      return;
    }
    const ctx = stepRunContext(run, step);
    run.lock = await inPhase(ctx, run.durations, "lock", `lock ${request.app}`, () =>
      acquireLock(appStateDir(ctx.stateRoot, request.app), {
        app: request.app,
        command: request.command,
        waitMs: request.lockWaitMs,
        signal: ctx.signal,
      }),
    );
    const stale = run.lock.tookOverFrom;
    if (stale) ctx.emit({ type: "log", level: "warn", message: `took over a stale lock left by pid ${stale.pid} (${stale.command})` });
  },
  async cleanup(run) {
    // A handed-over lock belongs to the caller, who releases it.
    if (run.lock && !run.request.heldLock) await run.lock.release();
  },
};
