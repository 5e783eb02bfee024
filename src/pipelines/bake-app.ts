// roll bake <app>: bake (or reuse) a version without deploying it.

import { dataSourceResolver } from "../bake/data-sources/index.js";
import type { OnErrorOptions } from "../bake/index.js";
import type { ResultEvent } from "../engine/events.js";
import { createRedactor, redactingSink, type Redactor } from "../engine/redact.js";
import { acquireLock } from "../releases/lock.js";
import { appStateDir, createReleaseStore } from "../releases/store.js";
import { loadApp } from "../stack/index.js";
import { loadTemplate } from "../template/index.js";
import { bakeOrReuse } from "./bake.js";
import { inPhase, type RunContext } from "./context.js";

export interface BakeRequest {
  app: string;
  vars: Record<string, string>;
  varFiles: string[];
  force?: boolean;
  command: string;
  /** --on-error: what a failed bake leaves (default cleanup). */
  onError?: OnErrorOptions;
}

export async function runBake(baseCtx: RunContext, request: BakeRequest): Promise<ResultEvent> {
  const started = Date.now();
  const durations: Record<string, number> = {};
  let redact: Redactor = (text) => text;
  const ctx: RunContext = { ...baseCtx, emit: (event) => redactingSink(baseCtx.emit, redact)(event) };
  const lock = await inPhase(ctx, durations, "lock", `lock ${request.app}`, () =>
    acquireLock(appStateDir(ctx.stateRoot, request.app), { app: request.app, command: request.command, signal: ctx.signal }),
  );
  try {
    const app = await loadApp(ctx.projectRoot, request.app);
    const templateFile = `${ctx.projectRoot}/${app.template}`;
    const template = await inPhase(ctx, durations, "template", "load template", () =>
      loadTemplate(templateFile, { vars: request.vars, varFiles: request.varFiles, resolveData: dataSourceResolver(ctx.clients, ctx.signal) }),
    );
    redact = createRedactor(template.sensitiveValues);
    const store = createReleaseStore(ctx.stateRoot, request.app);
    const baked = await inPhase(ctx, durations, "bake", "bake image", () =>
      bakeOrReuse(ctx, { app: app.name, template, templateFile, store, force: request.force, redact, onError: request.onError }),
    );
    return {
      type: "result",
      app: request.app,
      outcome: baked.reused ? "reused" : "baked",
      version: baked.version,
      imageId: baked.imageId,
      durationMs: Date.now() - started,
      phases: durations,
    };
  } finally {
    await lock.release();
  }
}
