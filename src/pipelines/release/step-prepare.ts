// Load the app's definition and finish what a dead run left behind (a refresh still running, a dead
// bake's resources) before this run writes its own journal.

import type { Step } from "../../engine/steps.js";
import { liveVersion } from "../../releases/store.js";
import { loadApp } from "../../stack/index.js";
import { recoverUnfinishedRun, removeDeadBakeLeftovers } from "../recover.js";
import { stepRunContext, type ReleaseRun } from "./state.js";

export const stepPrepare: Step<ReleaseRun> = {
  name: "prepare",
  async run(run, step) {
    const ctx = stepRunContext(run, step);
    const app = await loadApp(ctx.projectRoot, run.request.app);
    run.app = app;
    await recoverUnfinishedRun(ctx, run.journal, run.store);
    await removeDeadBakeLeftovers(ctx, app.name);
    const before = await run.store.read();
    run.live = liveVersion(before);
    run.knownGroupName = before.groupName;
  },
};
