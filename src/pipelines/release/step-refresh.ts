// Phase b: refresh behind the gates, rolling back when they fail. Whatever the history says, the fleet
// decides: instances on another launch-template version are replaced (a normal release; also a first
// deploy whose gates failed, or a fleet a crash left mixed); a fleet already on it (a new group, or
// releasing what runs) is only gated. A refresh must not go on unwatched: if the run stops while one
// runs, cleanup puts the fleet back on the live version.

import type { Step } from "../../engine/steps.js";
import { describeError } from "../../engine/errors.js";
import { describeFleet } from "../../rollout/fleet.js";
import { startRefresh } from "../../rollout/refresh.js";
import { watchRollout } from "../../rollout/watch.js";
import { inPhase } from "../context.js";
import { instancesToReplace } from "../refresh-decision.js";
import { abandonRefresh, rollBack, type RolloutVerdict } from "../roll-back.js";
import { recorded, stepRunContext, type ReleaseRun } from "./state.js";

export const stepRefresh: Step<ReleaseRun> = {
  name: "refresh",
  async run(run, step) {
    const ctx = stepRunContext(run, step);
    const app = recorded(run.app, "the app");
    const target = recorded(run.target, "the launch-template version");
    const versions = recorded(run.versionOfImage, "the versions' images");
    const liveLaunchTemplateVersion = run.live?.launchTemplateVersion;
    run.verdict = await inPhase(ctx, run.durations, "refresh", "instance refresh behind health gates", async (): Promise<RolloutVerdict> => {
      const fleetNow = await describeFleet(ctx.clients, target.groupName, () => undefined);
      const stale = instancesToReplace(fleetNow?.instances ?? [], target.version).length > 0;
      const refreshId = !stale
        ? undefined
        : await startRefresh(ctx.clients, {
            groupName: target.groupName,
            launchTemplateId: target.launchTemplateId,
            launchTemplateVersion: target.version,
            policy: app.rollout,
            skipMatching: target.reused || undefined,
          });
      if (refreshId) {
        run.refreshing = { groupName: target.groupName };
        await run.journal.update({ refreshId });
      }
      const watched = await watchRollout({
        clients: ctx.clients,
        groupName: target.groupName,
        refreshId,
        targetVersion: target.version,
        policy: app.rollout,
        emit: ctx.emit,
        signal: ctx.signal,
        versionOfImage: versions,
      });
      run.measured = watched.instances;
      if (watched.type === "healthy") return { outcome: "deployed" };
      await run.journal.update({ phase: "rollback" });
      return rollBack(ctx, run.durations, app, target.groupName, target.launchTemplateId, watched, refreshId, liveLaunchTemplateVersion, versions);
    });
    // The refresh (and any rollback of it) has ended: nothing runs unwatched any more.
    run.refreshing = undefined;
  },
  async cleanup(run, step) {
    const refreshing = run.refreshing;
    if (!refreshing) return;
    try {
      const status = await abandonRefresh(stepRunContext(run, step), refreshing.groupName);
      if (status) run.notes.push(`; the refresh was rolled back (${status})`);
      run.refreshing = undefined;
    } catch (error) {
      run.fleetAtRisk = `rolling back the refresh of ${refreshing.groupName} failed (${describeError(error)})`;
      run.notes.push(`; rolling back the refresh failed (${describeError(error)}): the group may run mixed versions, the next run will repair it`);
      throw error;
    }
  },
};
