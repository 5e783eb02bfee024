// Deploy and rollback share one pipeline; they differ only in where the image comes from (a bake, or
// a registered version). The list of phases below is the whole story of a release.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import type { OnErrorOptions } from "../bake/index.js";
import { RollError, describeError, isAbort } from "../engine/errors.js";
import type { Outcome, ResultEvent } from "../engine/events.js";
import { createRedactor, redactingSink, type Redactor } from "../engine/redact.js";
import { createJournal } from "../releases/journal.js";
import { acquireLock, type AppLock } from "../releases/lock.js";
import { appStateDir, createReleaseStore, findVersion, liveVersion, resolveTarget } from "../releases/store.js";
import type { HistoryEntry, ReleaseState } from "../releases/types.js";
import { describeFleet } from "../rollout/fleet.js";
import { startRefresh } from "../rollout/refresh.js";
import { watchRollout } from "../rollout/watch.js";
import { loadApp } from "../stack/index.js";
import { loadTemplate } from "../template/index.js";
import { applyStack, infraResult, startInfra } from "./apply-stack.js";
import { bakeOrReuse } from "./bake.js";
import { inPhase, type RunContext } from "./context.js";
import { existingLaunchTemplateVersion, type LaunchTemplateTarget } from "./launch-template-target.js";
import { recoverUnfinishedRun, removeDeadBakeLeftovers } from "./recover.js";
import { abandonRefresh, rollBack, type RolloutVerdict } from "./roll-back.js";

export type ReleaseSource =
  | { kind: "bake"; vars: Record<string, string>; varFiles: string[]; force?: boolean; onError?: OnErrorOptions }
  | { kind: "version"; to: string };

export interface ReleaseRequest {
  app: string;
  source: ReleaseSource;
  command: string;
  lockWaitMs?: number;
  /** How history names the run; default "deploy" for a bake, "rollback" for a version ("rebake" for roll rebake). */
  historyKind?: HistoryEntry["kind"];
  /**
   * The app's lock, already held by the caller (roll rebake bakes under it and hands it over, so no
   * other run can slip in between its bake and its deploy). The caller releases it.
   */
  heldLock?: AppLock;
}

interface Chosen {
  version: string;
  imageId: string;
}

function versionOfImage(state: ReleaseState) {
  const byImage = new Map(state.versions.map((v) => [v.imageId, v.version]));
  return (imageId: string | undefined) => (imageId ? byImage.get(imageId) : undefined);
}

async function assertImageExists(ctx: RunContext, version: string, imageId: string): Promise<void> {
  const answer = await ctx.clients
    .ec2()
    .send(new DescribeImagesCommand({ ImageIds: [imageId] }))
    .catch(() => undefined);
  if (answer?.Images?.[0]?.State !== "available") {
    throw new RollError("image-missing", `version ${version}'s image ${imageId} no longer exists`, { fault: "user" });
  }
}

export async function runRelease(baseCtx: RunContext, request: ReleaseRequest): Promise<ResultEvent> {
  const started = Date.now();
  const durations: Record<string, number> = {};
  let redact: Redactor = (text) => text;
  const ctx: RunContext = { ...baseCtx, emit: (event) => redactingSink(baseCtx.emit, redact)(event) };
  const store = createReleaseStore(ctx.stateRoot, request.app);
  const result = (outcome: Outcome, extra: Partial<ResultEvent> = {}): ResultEvent => ({
    type: "result",
    app: request.app,
    outcome,
    durationMs: Date.now() - started,
    phases: durations,
    ...infraResult(ctx),
    ...extra,
  });

  const lock =
    request.heldLock ??
    (await inPhase(ctx, durations, "lock", `lock ${request.app}`, () =>
      acquireLock(appStateDir(ctx.stateRoot, request.app), {
        app: request.app,
        command: request.command,
        waitMs: request.lockWaitMs,
        signal: ctx.signal,
      }),
    ));
  if (lock.tookOverFrom && !request.heldLock) {
    ctx.emit({ type: "log", level: "warn", message: `took over a stale lock left by pid ${lock.tookOverFrom.pid} (${lock.tookOverFrom.command})` });
  }
  let chosen: Chosen | undefined;
  const journal = createJournal(appStateDir(ctx.stateRoot, request.app));
  let refreshing: { groupName: string } | undefined;
  try {
    const app = await loadApp(ctx.projectRoot, request.app);
    startInfra(ctx);
    await recoverUnfinishedRun(ctx, journal, store);
    await removeDeadBakeLeftovers(ctx, app.name);
    const before = await store.read();
    const live = liveVersion(before);
    await journal.write({
      runId: `${process.pid}-${started}`,
      pid: process.pid,
      command: request.command,
      startedAt: new Date(started).toISOString(),
      phase: "bake",
      previous: live?.version,
      groupName: before.groupName,
    });

    // 1. The image: baked (or reused), or a registered version.
    chosen = await inPhase(ctx, durations, "bake", request.source.kind === "bake" ? "bake image" : "find version", async () => {
      if (request.source.kind === "bake") {
        const templateFile = `${ctx.projectRoot}/${app.template}`;
        const template = await loadTemplate(templateFile, { vars: request.source.vars, varFiles: request.source.varFiles });
        redact = createRedactor(template.sensitiveValues);
        const baked = await bakeOrReuse(ctx, { app: app.name, template, templateFile, store, force: request.source.force, redact, onError: request.source.onError });
        return { version: baked.version, imageId: baked.imageId };
      }
      const target = resolveTarget(before, request.source.to);
      const record = target ? findVersion(before, target) : undefined;
      if (!record) {
        const known = before.versions.map((v) => v.version).join(", ") || "none";
        throw new RollError("unknown-version", `app "${app.name}" has no version "${request.source.to}" (known: ${known})`, { fault: "user" });
      }
      await assertImageExists(ctx, record.version, record.imageId);
      ctx.emit({ type: "image", version: record.version, imageId: record.imageId, reused: true });
      return { version: record.version, imageId: record.imageId };
    });

    // 2. Phase a: a new launch-template version with the image; the group stays on the live version.
    //    A version released before (a rollback, or an identical bake) goes back to its own
    //    launch-template version when that still exists, so instances already on it stay.
    await journal.update({ phase: "apply", version: chosen.version, imageId: chosen.imageId });
    const current = await store.read();
    const chosenRecord = findVersion(current, chosen.version);
    const reusable = chosenRecord ? await existingLaunchTemplateVersion(ctx, current, chosenRecord) : undefined;
    const target: LaunchTemplateTarget =
      reusable ??
      (await inPhase(ctx, durations, "apply", "launch template version", async () => {
        const applied = await applyStack(ctx, app, chosen!.imageId, live?.launchTemplateVersion);
        return {
          launchTemplateId: applied.launchTemplate.id,
          launchTemplateName: applied.launchTemplate.name,
          groupName: applied.group.name,
          version: applied.launchTemplate.latestVersion,
          reused: false,
        };
      }));
    const newVersion = target.version;
    await store.update((state) => {
      state.groupName = target.groupName;
      state.launchTemplateName = target.launchTemplateName;
      const record = findVersion(state, chosen!.version);
      if (record) record.launchTemplateVersion = newVersion;
    });
    const versions = versionOfImage(await store.read());
    await journal.update({ phase: "refresh", groupName: target.groupName, launchTemplateVersion: newVersion });

    // 3. Phase b: refresh behind the gates. Whatever the history says, the fleet decides: instances
    //    on another launch-template version are replaced (a normal release; also a first deploy whose
    //    gates failed, or a fleet a crash left mixed); a fleet already on it (a new group, or releasing
    //    what runs) is only gated.
    const verdict = await inPhase(ctx, durations, "refresh", "instance refresh behind health gates", async (): Promise<RolloutVerdict> => {
      const fleetNow = await describeFleet(ctx.clients, target.groupName, () => undefined);
      const stale = (fleetNow?.instances ?? []).some((instance) => instance.launchTemplateVersion !== newVersion);
      const refreshId = !stale
        ? undefined
        : await startRefresh(ctx.clients, {
            groupName: target.groupName,
            launchTemplateId: target.launchTemplateId,
            launchTemplateVersion: newVersion,
            policy: app.rollout,
            skipMatching: target.reused || undefined,
          });
      if (refreshId) {
        refreshing = { groupName: target.groupName };
        await journal.update({ refreshId });
      }
      const watched = await watchRollout({
        clients: ctx.clients,
        groupName: target.groupName,
        refreshId,
        targetVersion: newVersion,
        policy: app.rollout,
        emit: ctx.emit,
        signal: ctx.signal,
        versionOfImage: versions,
      });
      if (watched.type === "healthy") return { outcome: "deployed" };
      await journal.update({ phase: "rollback" });
      return rollBack(ctx, durations, app, target.groupName, target.launchTemplateId, watched, refreshId, live?.launchTemplateVersion, versions);
    });

    refreshing = undefined;
    // 4. Phase c: the stack says what the cloud now runs, so a later plan shows no changes.
    await journal.update({ phase: "reconcile" });
    const liveAfter = verdict.outcome === "deployed" ? chosen : live;
    if (liveAfter) {
      const liveRecord = findVersion(await store.read(), liveAfter.version);
      await inPhase(ctx, durations, "reconcile", "reconcile stack", () =>
        applyStack(ctx, app, liveAfter.imageId, verdict.outcome === "deployed" ? newVersion : liveRecord?.launchTemplateVersion, "reconcile"),
      );
    }

    await inPhase(ctx, durations, "record", "record release", () =>
      store.update((state) => {
        state.history.push({
          kind: request.historyKind ?? (request.source.kind === "bake" ? "deploy" : "rollback"),
          version: chosen!.version,
          previous: live?.version,
          outcome: verdict.outcome === "deployed" ? "deployed" : verdict.outcome === "rolled-back" ? "rolled-back" : "failed",
          reason: verdict.reason,
          startedAt: new Date(started).toISOString(),
          endedAt: new Date().toISOString(),
        });
        if (verdict.outcome === "deployed") state.live = chosen!.version;
      }),
    );
    await journal.clear();
    return result(verdict.outcome, {
      version: chosen.version,
      live: verdict.outcome === "deployed" ? chosen.version : live?.version,
      imageId: chosen.imageId,
      reason: verdict.reason,
    });
  } catch (error) {
    const cancelled = isAbort(error) || ctx.signal.aborted;
    let reason = describeError(error);
    if (refreshing) {
      // A refresh must not go on unwatched: put the fleet back on the live version before leaving.
      reason += await abandonRefresh(ctx, refreshing.groupName);
    }
    if (chosen) {
      await store
        .update((state) => {
          state.history.push({
            kind: request.historyKind ?? (request.source.kind === "bake" ? "deploy" : "rollback"),
            version: chosen!.version,
            previous: state.live,
            outcome: cancelled ? "cancelled" : "failed",
            reason,
            startedAt: new Date(started).toISOString(),
            endedAt: new Date().toISOString(),
          });
        })
        .catch(() => undefined);
    }
    await journal.clear().catch(() => undefined);
    if (!cancelled) throw error;
    return result("cancelled", { version: chosen?.version, reason });
  } finally {
    if (!request.heldLock) await lock.release();
  }
}
