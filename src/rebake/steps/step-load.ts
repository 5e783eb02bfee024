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
import type { EventSink } from "../../engine/events.js";
import { templateDigest } from "../../releases/content-hash.js";
import { checkSensitiveInputs, describeInputs, recordInputs, reuseInputs } from "../../releases/inputs.js";
import type { VersionRecord } from "../../releases/types.js";
import type { VersionManifest } from "../metadata.js";

/**
 * A rebake rebuilds what runs: the live version's recorded inputs, unless the run gives its own.
 * Versions from before inputs were recorded fall back to the variables their rebake manifest kept.
 */
async function rebakeInputs(
  emit: EventSink,
  projectRoot: string,
  live: VersionRecord | undefined,
  liveManifest: VersionManifest | undefined,
  request: RebakeRun["request"],
): Promise<{ vars: Record<string, string>; varFiles: string[]; from?: string }> {
  if (request.vars || request.varFiles?.length) return { vars: request.vars ?? {}, varFiles: request.varFiles ?? [] };
  if (live?.inputs) {
    const reused = await reuseInputs(live.inputs, projectRoot, live.version);
    emit({ type: "log", level: "info", message: `rebuilding ${live.version}'s inputs: ${describeInputs(live.inputs)}` });
    for (const warning of reused.warnings) emit({ type: "log", level: "warn", message: warning });
    return { vars: reused.vars, varFiles: reused.varFiles, from: live.version };
  }
  if (live) emit({ type: "log", level: "warn", message: `${live.version} has no recorded inputs: rebaking with ${liveManifest ? "the variables of its last rebake" : "the template's defaults"}` });
  return { vars: liveManifest?.vars ?? {}, varFiles: [] };
}

export const stepLoad: Step<RebakeRun> = {
  name: "load",
  async run(run, step) {
    const { projectRoot, stateRoot } = run.ctx;
    const app = await loadApp(projectRoot, run.request.app);
    run.app = app;
    run.live = liveVersion(await run.store.read());
    run.liveManifest = run.live ? await readVersionManifest(stateRoot, app.name, run.live.version) : undefined;
    const given = await rebakeInputs(step.emit, projectRoot, run.live, run.liveManifest, run.request);
    const vars = given.vars;
    run.vars = vars;
    const templateFile = `${projectRoot}/${app.template}`;
    run.templateFile = templateFile;
    const template = await inPhase(step, run.durations, "template", "load template", () =>
      loadTemplate(templateFile, { vars, varFiles: given.varFiles }),
    );
    run.template = template;
    run.redact = createRedactor(template.sensitiveValues);
    const templateHash = await templateDigest(template);
    if (given.from && run.live?.inputs) {
      checkSensitiveInputs(template, run.live.inputs, run.live.version, templateFile);
      if (templateHash !== run.live.inputs.templateHash) {
        step.emit({ type: "log", level: "warn", message: `the template changed since ${run.live.version} was built: the rebake bakes the template as it is now` });
      }
    }
    run.inputs = await recordInputs(template, given, projectRoot, templateHash);
    run.securityUpdate = run.request.securityUpdate ?? app.rebake?.securityUpdate;
    if (!run.securityUpdate) step.emit({ type: "log", level: "warn", message: `${app.name} has no rebake.securityUpdate step: rebaking on the newest base image only` });
  },
};
