// roll bake <app>: bake (or reuse) a version without deploying it. The steps: lock, load the app and
// its template, bake.

import { warnAboutSensitiveVars } from "./sensitive-vars.js";
import type { OnErrorOptions } from "../bake/index.js";
import type { ResultEvent } from "../engine/events.js";
import { createRedactor, redactError, redactingSink, type Redactor } from "../engine/redact.js";
import { runSteps, type Step } from "../engine/steps.js";
import { acquireLock, type AppLock } from "../releases/lock.js";
import { appStateDir, createReleaseStore } from "../releases/store.js";
import type { AppDefinition } from "../stack/app.js";
import { loadApp } from "../stack/index.js";
import { loadTemplate } from "../template/index.js";
import type { ImageTemplate } from "../template/types.js";
import { bakeOrReuse, type BakeOutcome } from "./bake.js";
import { inPhase, type RunContext } from "./context.js";
import { recorded } from "./release/state.js";

export interface BakeRequest {
  app: string;
  vars: Record<string, string>;
  varFiles: string[];
  force?: boolean;
  command: string;
  /** --on-error: what a failed bake leaves (default cleanup). */
  onError?: OnErrorOptions;
}

interface BakeRun {
  request: BakeRequest;
  ctx: RunContext;
  durations: Record<string, number>;
  redact: Redactor;
  lock?: AppLock;
  app?: AppDefinition;
  template?: ImageTemplate;
  templateFile?: string;
  baked?: BakeOutcome;
}

const bakeSteps: Step<BakeRun>[] = [
  {
    name: "lock",
    async run(run, step) {
      const { app, command } = run.request;
      run.lock = await inPhase(step, run.durations, "lock", `lock ${app}`, () =>
        acquireLock(appStateDir(run.ctx.stateRoot, app), { app, command, signal: step.signal }),
      );
    },
    cleanup: async (run) => run.lock?.release(),
  },
  {
    name: "template",
    async run(run, step) {
      const app = await loadApp(run.ctx.projectRoot, run.request.app);
      const templateFile = `${run.ctx.projectRoot}/${app.template}`;
      run.app = app;
      run.templateFile = templateFile;
      run.template = await inPhase(step, run.durations, "template", "load template", () =>
        loadTemplate(templateFile, { vars: run.request.vars, varFiles: run.request.varFiles }),
      );
      run.redact = createRedactor(run.template.sensitiveValues);
      warnAboutSensitiveVars(run.template, run.request.vars, run.ctx.emit);
    },
  },
  {
    name: "bake",
    async run(run, step) {
      const ctx: RunContext = { ...run.ctx, signal: step.signal, emit: step.emit };
      const app = recorded(run.app, "the app");
      run.baked = await inPhase(step, run.durations, "bake", "bake image", () =>
        bakeOrReuse(ctx, {
          app: app.name,
          template: recorded(run.template, "the template"),
          templateFile: recorded(run.templateFile, "the template file"),
          store: createReleaseStore(ctx.stateRoot, app.name),
          force: run.request.force,
          redact: run.redact,
          onError: run.request.onError,
        }),
      );
    },
  },
];

export async function runBake(base: RunContext, request: BakeRequest): Promise<ResultEvent> {
  const started = Date.now();
  const run: BakeRun = { request, ctx: base, durations: {}, redact: (text) => text };
  const emit: RunContext["emit"] = (event) => redactingSink(base.emit, run.redact)(event);
  run.ctx = { ...base, emit };
  await runSteps(bakeSteps, run, { signal: base.signal, emit }).catch((error: unknown) => {
    throw redactError(error, run.redact);
  });
  const baked = run.baked!;
  return {
    type: "result",
    app: request.app,
    outcome: baked.reused ? "reused" : "baked",
    version: baked.version,
    imageId: baked.imageId,
    durationMs: Date.now() - started,
    phases: run.durations,
  };
}
