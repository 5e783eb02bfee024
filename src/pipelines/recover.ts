// Before a release starts, finish what a dead run left behind: a refresh still running is rolled back
// (its gates were never confirmed), and the dead run is written into the history with what was found.

import { describeResource } from "../bake/leftovers/index.js";
import { leftoverSweeper } from "../cloud/leftovers.js";
import type { Journal, JournalEntry } from "../releases/journal.js";
import type { ReleaseStore } from "../releases/store.js";
import { rollBackActiveRefresh } from "../rollout/watch.js";
import type { RunContext } from "./context.js";

export async function recoverUnfinishedRun(ctx: RunContext, journal: Journal, store: ReleaseStore): Promise<JournalEntry | undefined> {
  const unfinished = await journal.read();
  if (!unfinished || unfinished.pid === process.pid) return undefined;
  ctx.emit({
    type: "log",
    level: "warn",
    message: `found an unfinished run: "${unfinished.command}" (pid ${unfinished.pid}) stopped during ${unfinished.phase}${unfinished.version ? ` of ${unfinished.version}` : ""}`,
  });
  const found: string[] = [];
  const groupName = unfinished.groupName ?? (await store.read()).groupName;
  if (groupName) {
    const status = await rollBackActiveRefresh({ ...ctx, groupName, versionOfImage: () => undefined });
    found.push(status ? `its instance refresh was still running and was rolled back (${status})` : "no instance refresh was running");
  }
  await store.update((state) => {
    state.history.push({
      kind: unfinished.command.includes("rollback") ? "rollback" : "deploy",
      version: unfinished.version ?? "unknown",
      previous: unfinished.previous,
      outcome: "failed",
      reason: `interrupted during ${unfinished.phase}; the next run found that ${found.join(", ") || "nothing was left to repair"}`,
      startedAt: unfinished.startedAt,
      endedAt: new Date().toISOString(),
    });
  });
  await journal.clear();
  ctx.emit({ type: "log", level: "info", message: `repaired: ${found.join(", ") || "nothing to repair"}` });
  return unfinished;
}

/**
 * The caller holds the app's lock, so anything still tagged with a bake of this app belongs to a
 * bake that died (a SIGKILL gives no chance to clean up): remove it before starting anew.
 */
export async function removeDeadBakeLeftovers(ctx: RunContext, app: string): Promise<number> {
  // An AWS app's repair asks AWS only; `roll gc` sweeps every cloud of the target.
  const sweeper = leftoverSweeper(ctx.clients, [], { azure: false });
  const resources = await sweeper.find({ app, signal: ctx.signal });
  if (resources.length === 0) return 0;
  ctx.emit({
    type: "log",
    level: "warn",
    message: `removing what a dead bake of ${app} left: ${resources.map(describeResource).join(", ")}`,
  });
  const report = await sweeper.remove(resources, { signal: ctx.signal, emit: ctx.emit });
  for (const { resource, error } of report.failed) {
    ctx.emit({ type: "log", level: "warn", message: `could not remove ${describeResource(resource)}: ${error}; \`roll gc\` will try again` });
  }
  return report.removed.length;
}
