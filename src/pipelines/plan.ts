// roll plan <app>: what a deploy would bake, change and refresh — without doing any of it. Planning
// reads the cloud and writes nothing; `roll deploy` shares the same decisions.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { createInfra, infraSynthOptions, type ResourceChange } from "../infra/index.js";
import { readReuseKey } from "../releases/reuse-key.js";
import { createReleaseStore, liveVersion } from "../releases/store.js";
import { describeFleet } from "../rollout/fleet.js";
import { loadApp, synthesizeApp } from "../stack/index.js";
import { loadTemplate } from "../template/index.js";
import { pickReuse, resolveBakeInputs, TAG_APP, TAG_CONTENT_HASH, TAG_VERSION } from "./bake.js";
import type { RunContext } from "./context.js";
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
  /** The version whose inputs the plan used because none were given (as deploy does), and what to tell the user. */
  inputsFrom?: string;
  notes: string[];
}

export async function planDeploy(
  ctx: Pick<RunContext, "projectRoot" | "stateRoot" | "clients" | "infra">,
  request: { app: string; vars: Record<string, string>; varFiles: string[] },
): Promise<DeployPlan> {
  const app = await loadApp(ctx.projectRoot, request.app);
  const state = await createReleaseStore(ctx.stateRoot, request.app).read();
  const live = liveVersion(state);
  const inputs = await chooseInputs(ctx.projectRoot, live, request);
  const template = await loadTemplate(`${ctx.projectRoot}/${app.template}`, { vars: inputs.vars, varFiles: inputs.varFiles });
  const hash = (await resolveBakeInputs(ctx, template, `${ctx.projectRoot}/${app.template}`, await readReuseKey(ctx.stateRoot, app.name))).contentHash;
  const images = await ctx.clients.ec2().send(
    new DescribeImagesCommand({
      Owners: ["self"],
      Filters: [
        { Name: `tag:${TAG_APP}`, Values: [app.name] },
        { Name: `tag:${TAG_CONTENT_HASH}`, Values: [hash] },
        { Name: "state", Values: ["available"] },
      ],
    }),
  );
  // A killed bake's image still carries roll:temporary: it is a leftover, not a version to reuse.
  const twins = (images.Images ?? [])
    .filter((image) => !image.Tags?.some((tag) => tag.Key === "roll:temporary" && tag.Value === "true"))
    .map((image) => ({ image, imageId: image.ImageId!, version: image.Tags?.find((tag) => tag.Key === TAG_VERSION)?.Value ?? "" }))
    .filter((twin) => twin.version !== "");
  const existing = pickReuse(twins, live?.imageId)?.image;
  const reuse = existing?.Tags?.find((tag) => tag.Key === TAG_VERSION)?.Value;
  const imageId = existing?.ImageId ?? IMAGE_TO_BE_BAKED;

  const stack = synthesizeApp(app, {
    app: app.name,
    region: ctx.clients.target.region,
    imageId,
    groupLaunchTemplateVersion: live?.launchTemplateVersion,
  }, infraSynthOptions(ctx.infra, ctx.clients.target));
  const plan = await createInfra(ctx.infra, ctx.clients, { stateRoot: ctx.stateRoot }).plan(stack);
  const fleet = state.groupName ? await describeFleet(ctx.clients, state.groupName, () => undefined) : undefined;
  const toReplace = (fleet?.instances ?? []).filter((instance) => instance.imageId !== imageId).length;
  return {
    app: app.name,
    live: state.live ?? null,
    bake: { needed: !existing, reuse, imageId: existing?.ImageId },
    changes: plan.changes,
    resources: plan.resources,
    refresh: { needed: toReplace > 0 && live !== undefined, instancesToReplace: toReplace },
    ...(inputs.from ? { inputsFrom: inputs.from } : {}),
    notes: inputs.notes,
  };
}
