// roll rebake <app>: bake the app again on the newest base image with its security-update step, and
// deploy the result only when the evidence (base image, package manifest) says something changed.
//
//   1. lock the app; find the live version and its manifest
//   2. bake fresh (never reuse): the template's provisioners + the security step + the manifest capture
//   3. record the new version's manifest; compare it with the live version's
//   4. nothing changed: discard the image, record "up to date" in history
//      something changed: release the lock and deploy it through the release pipeline (gates, rollback)
//   5. notify the webhooks

import { dataSourceResolver } from "../bake/data-sources/index.js";
import { RollError, describeError, isAbort } from "../engine/errors.js";
import type { ResultEvent } from "../engine/events.js";
import { createRedactor, redactingSink, type Redactor } from "../engine/redact.js";
import { bakeOrReuse } from "../pipelines/bake.js";
import { inPhase, type RunContext } from "../pipelines/context.js";
import { runRelease } from "../pipelines/release.js";
import { acquireLock } from "../releases/lock.js";
import { appStateDir, createReleaseStore, findVersion, liveVersion } from "../releases/store.js";
import { loadApp } from "../stack/index.js";
import { loadTemplate } from "../template/index.js";
import { manifestTap, newMarker, rebakeProvisioners, withRebakeSteps } from "./capture.js";
import { compareWith, type Comparison } from "./compare.js";
import { discardImage, imageName } from "./image-cleanup.js";
import { readVersionManifest, removeVersionManifest, writeVersionManifest, type VersionManifest } from "./metadata.js";
import { changeCount } from "./manifest.js";
import { notifyWebhooks } from "./webhook.js";

export interface RebakeRequest {
  app: string;
  command: string;
  /** Template variables; default: the ones the live version was rebaked with (non-sensitive), else none. */
  vars?: Record<string, string>;
  varFiles?: string[];
  /** Replaces the policy's securityUpdate step for this run. */
  securityUpdate?: string;
  /** Global webhook (ROLL_WEBHOOK / --webhook), notified besides the app's own. */
  webhook?: string;
  /** How long to wait for another run's lock before giving up. */
  lockWaitMs?: number;
}

export async function runRebake(baseCtx: RunContext, request: RebakeRequest): Promise<ResultEvent> {
  const started = Date.now();
  const durations: Record<string, number> = {};
  let redact: Redactor = (text) => text;
  const ctx: RunContext = { ...baseCtx, emit: (event) => redactingSink(baseCtx.emit, redact)(event) };
  const store = createReleaseStore(ctx.stateRoot, request.app);
  let webhook: string | undefined;
  const finish = async (result: ResultEvent): Promise<ResultEvent> => {
    await notifyWebhooks([webhook, request.webhook], result, ctx.emit);
    return result;
  };

  const lock = await inPhase(ctx, durations, "lock", `lock ${request.app}`, () =>
    acquireLock(appStateDir(ctx.stateRoot, request.app), { app: request.app, command: request.command, waitMs: request.lockWaitMs, signal: ctx.signal }),
  );
  let locked = true;
  let comparison: Comparison | undefined;
  let baked: VersionManifest | undefined;
  try {
    const app = await loadApp(ctx.projectRoot, request.app);
    webhook = app.rebake?.webhook;
    const before = await store.read();
    const live = liveVersion(before);
    const liveManifest = live ? await readVersionManifest(ctx.stateRoot, app.name, live.version) : undefined;
    const vars = request.vars ?? liveManifest?.vars ?? {};
    const templateFile = `${ctx.projectRoot}/${app.template}`;
    const template = await inPhase(ctx, durations, "template", "load template", () => loadTemplate(templateFile, { vars, varFiles: request.varFiles ?? [], resolveData: dataSourceResolver(ctx.clients, ctx.signal) }));
    redact = createRedactor(template.sensitiveValues);
    const securityUpdate = request.securityUpdate ?? app.rebake?.securityUpdate;
    if (!securityUpdate) ctx.emit({ type: "log", level: "warn", message: `${app.name} has no rebake.securityUpdate step: rebaking on the newest base image only` });

    // 2. A fresh bake with the two extra steps; the manifest lines are taken out of the event stream.
    const marker = newMarker();
    const steps = rebakeProvisioners({ securityUpdate, marker, policyFile: `stacks/${app.name}.ts` });
    const tap = manifestTap(ctx.emit, marker);
    const bake = await inPhase(ctx, durations, "bake", "bake on the newest base image", async () => {
      const outcome = await bakeOrReuse(
        { ...ctx, emit: tap.emit },
        { app: app.name, template: withRebakeSteps(template, steps), templateFile, store, force: true, redact },
      );
      if (!tap.complete() || tap.packages().length === 0) {
        // Without evidence there is no decision: the image goes, like any failed bake's.
        await discardImage(ctx.clients, outcome.imageId, ctx.emit, ctx.signal);
        await store.update((state) => {
          state.versions = state.versions.filter((v) => v.version !== outcome.version);
        });
        throw new RollError("manifest-missing", `the bake of ${outcome.version} printed no package manifest`, { fault: "external" });
      }
      const record = findVersion(await store.read(), outcome.version);
      const baseImageId = record?.sourceImageId ?? "unknown";
      baked = {
        app: app.name,
        version: outcome.version,
        imageId: outcome.imageId,
        baseImage: { id: baseImageId, name: await imageName(ctx.clients, baseImageId, ctx.signal) },
        capturedAt: new Date().toISOString(),
        securityUpdate,
        vars: Object.fromEntries(Object.entries(vars).filter(([name]) => !template.variables[name]?.sensitive)),
        packages: tap.packages(),
      };
      await writeVersionManifest(ctx.stateRoot, baked);

      // 3. The evidence.
      const baseline = live ? { version: live.version, manifest: liveManifest, baseImageId: live.sourceImageId } : undefined;
      comparison = compareWith(baseline, baked);
      ctx.emit({ type: "rebake", ...comparison.summary });
      return outcome;
    });

    if (!comparison!.changed) {
      // 4a. Nothing to deploy: the new image is only a copy of what runs.
      await inPhase(ctx, durations, "cleanup", `discard ${bake.version}`, async () => {
        await discardImage(ctx.clients, bake.imageId, ctx.emit, ctx.signal);
        await removeVersionManifest(ctx.stateRoot, app.name, bake.version);
        await store.update((state) => {
          state.versions = state.versions.filter((v) => v.version !== bake.version);
          state.history.push({
            kind: "rebake",
            version: live!.version,
            previous: live!.version,
            outcome: "up-to-date",
            reason: `${bake.version} had the same base image and packages as ${live!.version}; discarded`,
            startedAt: new Date(started).toISOString(),
            endedAt: new Date().toISOString(),
          });
        });
      });
      await lock.release();
      locked = false;
      return finish({
        type: "result",
        app: app.name,
        outcome: "up-to-date",
        version: live!.version,
        live: live!.version,
        imageId: live!.imageId,
        durationMs: Date.now() - started,
        phases: durations,
        rebake: { ...comparison!.summary },
      });
    }

    // 4b. Deploy through the release pipeline: same gates, same rollback, under the lock we hold, so
    //     no other run can come between the bake and its deploy. The release records its own history.
    ctx.emit({ type: "log", level: "info", message: `deploying ${bake.version}: ${comparison!.summary.verdict}` });
    locked = false;
    const released = await runRelease(baseCtx, {
      app: app.name,
      source: { kind: "version", to: bake.version },
      command: request.command,
      historyKind: "rebake",
      heldLock: lock,
    }).finally(() => lock.release());
    for (const [phase, ms] of Object.entries(released.phases ?? {})) durations[phase] = (durations[phase] ?? 0) + ms;
    return finish({ ...released, durationMs: Date.now() - started, phases: durations, rebake: comparison!.summary });
  } catch (error) {
    const cancelled = isAbort(error) || ctx.signal.aborted;
    if (locked) {
      // A rebake that failed before its release still belongs in the history (the release records its own).
      await store
        .update((state) => {
          state.history.push({
            kind: "rebake",
            version: baked?.version ?? state.live ?? "none",
            previous: state.live,
            outcome: cancelled ? "cancelled" : "failed",
            reason: describeError(error),
            startedAt: new Date(started).toISOString(),
            endedAt: new Date().toISOString(),
          });
        })
        .catch(() => undefined);
    }
    if (cancelled) return finish({ type: "result", app: request.app, outcome: "cancelled", reason: describeError(error), durationMs: Date.now() - started, phases: durations });
    const failed: ResultEvent = { type: "result", app: request.app, outcome: "failed", reason: describeError(error), durationMs: Date.now() - started, phases: durations, rebake: comparison?.summary };
    await notifyWebhooks([webhook, request.webhook], failed, ctx.emit);
    throw error;
  } finally {
    if (locked) await lock.release();
  }
}

/** Total packages changed, for summaries. */
export function packagesChanged(result: ResultEvent): number {
  return result.rebake ? changeCount(result.rebake.packages) : 0;
}
