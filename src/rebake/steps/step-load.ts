// The app, its live version and that version's manifest, and the template evaluated with the variables
// the live version was rebaked with (unless the request names others).

import type { Step } from "../../engine/steps.js";
import { createRedactor } from "../../engine/redact.js";
import { inPhase } from "../../pipelines/context.js";
import { liveVersion } from "../../releases/store.js";
import { loadApp } from "../../stack/index.js";
import { loadTemplate } from "../../template/index.js";
import { readVersionManifest } from "../metadata.js";
import type { RebakeRun } from "./state.js";

export const stepLoad: Step<RebakeRun> = {
  name: "load",
  async run(run, step) {
    const { projectRoot, stateRoot } = run.ctx;
    const app = await loadApp(projectRoot, run.request.app);
    run.app = app;
    run.live = liveVersion(await run.store.read());
    run.liveManifest = run.live ? await readVersionManifest(stateRoot, app.name, run.live.version) : undefined;
    const vars = run.request.vars ?? run.liveManifest?.vars ?? {};
    run.vars = vars;
    const templateFile = `${projectRoot}/${app.template}`;
    run.templateFile = templateFile;
    const template = await inPhase(step, run.durations, "template", "load template", () =>
      loadTemplate(templateFile, { vars, varFiles: run.request.varFiles ?? [] }),
    );
    run.template = template;
    run.redact = createRedactor(template.sensitiveValues);
    run.securityUpdate = run.request.securityUpdate ?? app.rebake?.securityUpdate;
    if (!run.securityUpdate) step.emit({ type: "log", level: "warn", message: `${app.name} has no rebake.securityUpdate step: rebaking on the newest base image only` });
  },
};
