// Rolling a release back, and leaving no refresh unwatched. During a refresh AWS rolls back itself
// (RollbackInstanceRefresh returns instances to the group's own, still live, launch-template version);
// after a refresh ended, a rollback is a refresh back to the live version.

import type { Outcome } from "../engine/events.js";
import { findActiveRefresh, rollbackRefresh, startRefresh } from "../rollout/refresh.js";
import { rollBackActiveRefresh, watchRefreshToEnd, type WatchResult } from "../rollout/watch.js";
import type { AppDefinition } from "../stack/app.js";
import { inPhase, type RunContext } from "./context.js";

export type RolloutVerdict = { outcome: Outcome; reason?: string };

export async function rollBack(
  ctx: RunContext,
  durations: Record<string, number>,
  app: AppDefinition,
  groupName: string,
  launchTemplateId: string,
  watched: Exclude<WatchResult, { type: "healthy" }>,
  refreshId: string | undefined,
  liveLaunchTemplateVersion: number | undefined,
  versions: (imageId: string | undefined) => string | undefined,
): Promise<RolloutVerdict> {
  const reason =
    watched.type === "gate-failed"
      ? `gate ${watched.gate} failed${watched.target ? ` on ${watched.target}` : ""}: ${watched.reason}`
      : watched.type === "refresh-ended"
        ? `instance refresh ended ${watched.status}${watched.reason ? `: ${watched.reason}` : ""}`
        : `the rollout did not become healthy in time (refresh ${watched.refreshStatus ?? "unknown"})`;
  ctx.emit({
    type: "rollback",
    reason,
    gate: watched.type === "gate-failed" ? watched.gate : undefined,
    target: watched.type === "gate-failed" ? watched.target : undefined,
    evidence: watched.type === "gate-failed" ? watched.evidence.map((m) => `${m.target}: ${m.value ?? m.status}${m.message ? ` ${m.message}` : ""}`) : undefined,
  });
  if (!refreshId || liveLaunchTemplateVersion === undefined) {
    return { outcome: "failed", reason: `${reason}; there is no previous version to roll back to` };
  }
  if (watched.type === "refresh-ended" && watched.status === "RollbackSuccessful") {
    return { outcome: "rolled-back", reason };
  }
  return inPhase(ctx, durations, "rollback", "roll back", async () => {
    const watch = (id: string) =>
      watchRefreshToEnd({ clients: ctx.clients, groupName, refreshId: id, emit: ctx.emit, signal: ctx.signal, versionOfImage: versions });
    // Ask the cloud what it is doing now, not what the watch saw a moment ago: AWS may already be
    // rolling back on its own (AutoRollback on an alarm or a failed launch).
    const current = await findActiveRefresh(ctx.clients, groupName);
    let status: string | undefined;
    if (current) {
      // AWS returns the replaced instances to the group's own (still live) launch-template version.
      if (current.Status !== "RollbackInProgress" && current.Status !== "Cancelling") await rollbackRefresh(ctx.clients, groupName);
      status = await watch(current.InstanceRefreshId!);
      if (status === "RollbackSuccessful") return { outcome: "rolled-back" as const, reason };
    }
    // No refresh runs any more (it ended, was cancelled, or its rollback failed): a rollback is a
    // refresh back to the live version, replacing only what is not on it.
    const backId = await startRefresh(ctx.clients, {
      groupName,
      launchTemplateId,
      launchTemplateVersion: liveLaunchTemplateVersion,
      policy: app.rollout,
      skipMatching: true,
    });
    const back = await watch(backId);
    if (back !== "Successful" && back !== "RollbackSuccessful") {
      return { outcome: "failed" as const, reason: `${reason}; the rollback ended ${back}${status ? ` (after ${status})` : ""}: the group may run mixed versions` };
    }
    return { outcome: "rolled-back" as const, reason };
  });
}

/**
 * Rolls back a refresh the run can no longer watch; returns the status it ended in, or undefined when
 * none was running. A failure is thrown: the caller keeps the journal and reports it.
 */
export async function abandonRefresh(ctx: RunContext, groupName: string): Promise<string | undefined> {
  return rollBackActiveRefresh({ ...ctx, groupName, versionOfImage: () => undefined });
}
