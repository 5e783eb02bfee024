// The image the release rolls out: baked (or reused when its content hash exists), or a registered
// version whose image must still exist.

import { warnAboutSensitiveVars } from "../sensitive-vars.js";
import { assertImageAvailable } from "../../cloud/aws/images.js";
import { RollError } from "../../engine/errors.js";
import { createRedactor } from "../../engine/redact.js";
import type { Step } from "../../engine/steps.js";
import { findVersion, resolveTarget } from "../../releases/store.js";
import { loadTemplate } from "../../template/index.js";
import { templateDigest } from "../../releases/content-hash.js";
import { recordInputs } from "../../releases/inputs.js";
import { bakeOrReuse } from "../bake.js";
import { chooseInputs } from "../release-inputs.js";
import { inPhase, type RunContext } from "../context.js";
import { recorded, stepRunContext, type ReleaseRun } from "./state.js";

export const stepImage: Step<ReleaseRun> = {
  name: "image",
  async run(run, step) {
    const ctx = stepRunContext(run, step);
    const source = run.request.source;
    run.chosen = await inPhase(ctx, run.durations, "bake", source.kind === "bake" ? "bake image" : "find version", () =>
      source.kind === "bake" ? bake(run, ctx, source) : findRegistered(run, ctx, source.to),
    );
  },
};

async function bake(run: ReleaseRun, ctx: RunContext, source: Extract<ReleaseRun["request"]["source"], { kind: "bake" }>) {
  const app = recorded(run.app, "the app");
  const templateFile = `${ctx.projectRoot}/${app.template}`;
  const given = await chooseInputs(ctx.projectRoot, run.live, source);
  for (const note of given.notes) ctx.emit({ type: "log", level: "info", message: note });
  const template = await loadTemplate(templateFile, { vars: given.vars, varFiles: given.varFiles });
  run.redact = createRedactor(template.sensitiveValues);
  warnAboutSensitiveVars(template, source.vars, ctx.emit);
  const inputs = await recordInputs(template, given, ctx.projectRoot, await templateDigest(template));
  const baked = await bakeOrReuse(ctx, { app: app.name, template, templateFile, store: run.store, force: source.force, redact: run.redact, onError: source.onError, inputs, deploying: true });
  return { version: baked.version, imageId: baked.imageId };
}

async function findRegistered(run: ReleaseRun, ctx: RunContext, requested: string) {
  const state = await run.store.read();
  const name = resolveTarget(state, requested);
  const record = name ? findVersion(state, name) : undefined;
  if (!record) {
    const known = state.versions.map((v) => v.version).join(", ") || "none";
    throw new RollError("unknown-version", `app "${run.request.app}" has no version "${requested}" (known: ${known})`, { fault: "user" });
  }
  await assertImageAvailable(ctx.clients, record.imageId, `version ${record.version}'s image`, ctx.signal);
  ctx.emit({ type: "image", version: record.version, imageId: record.imageId, reused: true });
  return { version: record.version, imageId: record.imageId };
}
