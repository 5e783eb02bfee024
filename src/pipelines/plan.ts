// roll plan <app>: what a deploy would bake, change and refresh — without doing any of it. Planning
// reads the cloud and writes nothing; `roll deploy` shares the same decisions.

import { dataSourceResolver } from "../bake/data-sources/index.js";
import { checkInfraChoice, createInfra, infraName, infraSynthOptions, type InfraKind, type ResourceChange } from "../infra/index.js";
import { readReuseKey } from "../releases/reuse-key.js";
import { createReleaseStore, findVersion, liveVersion } from "../releases/store.js";
import { describeFleet } from "../rollout/fleet.js";
import { loadApp, synthesizeApp } from "../stack/index.js";
import { loadTemplate } from "../template/index.js";
import { findReusableImage, resolveBakeInputs } from "./bake.js";
import type { RunContext } from "./context.js";
import { existingLaunchTemplateVersion } from "./launch-template-target.js";
import { instancesToReplace } from "./refresh-decision.js";
import { chooseInputs } from "./release-inputs.js";

/** Stands in for the image a deploy would bake, so the plan can show the launch-template change. */
export const IMAGE_TO_BE_BAKED = "ami-tobebaked00000000";

export interface DeployPlan {
  app: string;
  live: string | null;
  bake: { needed: boolean; reuse?: string; imageId?: string };
  changes: number;
  resources: ResourceChange[];
  refresh: { needed: boolean; instancesToReplace: number };
  /** What would apply the stack. */
  infra: InfraKind;
  /** Said when the direct applier is used only because no terraform binary was found. */
  notice?: string;
  /** The version whose inputs the plan used because none were given (as deploy does), and what to tell the user. */
  inputsFrom?: string;
  notes: string[];
}

export async function planDeploy(
  ctx: Pick<RunContext, "projectRoot" | "stateRoot" | "clients" | "infra">,
  request: { app: string; vars: Record<string, string>; varFiles: string[] },
): Promise<DeployPlan> {
  const notice = checkInfraChoice(ctx.infra, ctx.clients.target);
  const app = await loadApp(ctx.projectRoot, request.app);
  const state = await createReleaseStore(ctx.stateRoot, request.app).read();
  const live = liveVersion(state);
  const inputs = await chooseInputs(ctx.projectRoot, live, request);
  const template = await loadTemplate(`${ctx.projectRoot}/${app.template}`, { vars: inputs.vars, varFiles: inputs.varFiles, resolveData: dataSourceResolver(ctx.clients) });
  const hash = (await resolveBakeInputs(ctx, template, `${ctx.projectRoot}/${app.template}`, await readReuseKey(ctx.stateRoot, app.name))).contentHash;
  // The same decisions deploy makes: which image (reuse or bake), which launch-template version the
  // group moves to (a known version's own, when it still exists), and so which instances a refresh replaces.
  const existing = await findReusableImage(ctx, app.name, hash, live?.imageId);
  const imageId = existing?.imageId ?? IMAGE_TO_BE_BAKED;
  const record = existing ? findVersion(state, existing.version) : undefined;
  const target = record ? await existingLaunchTemplateVersion(ctx, state, record) : undefined;

  const stack = synthesizeApp(app, {
    app: app.name,
    region: ctx.clients.target.region,
    imageId,
    groupLaunchTemplateVersion: live?.launchTemplateVersion,
  }, infraSynthOptions(ctx.infra, ctx.clients.target));
  const plan = await createInfra(ctx.infra, ctx.clients, { stateRoot: ctx.stateRoot }).plan(stack);
  const fleet = await describeFleet(ctx.clients, target?.groupName ?? stack.group.name, () => undefined);
  const toReplace = instancesToReplace(fleet?.instances ?? [], target?.version).length;
  return {
    app: app.name,
    live: state.live ?? null,
    bake: { needed: !existing, reuse: existing?.version, imageId: existing?.imageId },
    changes: plan.changes,
    resources: plan.resources,
    refresh: { needed: toReplace > 0, instancesToReplace: toReplace },
    infra: infraName(ctx.infra),
    ...(notice ? { notice } : {}),
    ...(inputs.from ? { inputsFrom: inputs.from } : {}),
    notes: inputs.notes,
  };
}
