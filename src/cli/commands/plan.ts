// roll plan <app> and roll synth <app>: review what a deploy would do, or hand the stack to Terraform.

import type { Command } from "commander";
import { resolve } from "node:path";
import { parseInfraChoice } from "../../infra/index.js";
import { planDeploy } from "../../pipelines/plan.js";
import { createReleaseStore, liveVersion } from "../../releases/store.js";
import { loadApp, writeSynth } from "../../stack/index.js";
import { withTemplateOptions } from "../options.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";
import { resolveTarget } from "../target.js";

export function registerPlan(program: Command): void {
  withTemplateOptions(
    program
      .command("plan")
      .description("what a deploy would bake, change and refresh, without doing it")
      .argument("<app>", "app name"),
  )
    .option("--json", 'print the plan as JSON ("changes": 0 when the cloud already matches the stack)')
    .option("--target <name>", "sandbox (default) or aws")
    .option("--infra <kind>", "how the stack is applied: direct (default), terraform or tofu")
    .action(async (app: string, flags: { var: Record<string, string>; varFile: string[]; json?: boolean; target?: string; infra?: string }) => {
      const projectRoot = findProjectRoot();
      const target = await resolveTarget(projectRoot, flags.target);
      const plan = await planDeploy(
        { projectRoot, stateRoot: target.stateRoot, clients: target.clients, infra: parseInfraChoice(flags.infra) },
        { app, vars: flags.var, varFiles: flags.varFile },
      );
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(plan)}\n`);
        return;
      }
      for (const note of plan.notes) process.stdout.write(`${note}\n`);
      const bake = plan.bake.needed ? "bake a new version" : `reuse ${plan.bake.reuse} (${plan.bake.imageId}), no bake`;
      process.stdout.write(`${app}: live ${plan.live ?? "(nothing deployed)"}; would ${bake}\n`);
      process.stdout.write(formatTable(["RESOURCE", "ACTION", "DETAIL"], plan.resources.map((r) => [r.address, r.action, r.detail ?? r.attributes.join(", ")])));
      process.stdout.write(
        `${plan.changes} change${plan.changes === 1 ? "" : "s"}; ${plan.refresh.needed ? `an instance refresh would replace ${plan.refresh.instancesToReplace} instance(s)` : "no instance would be replaced"}\n`,
      );
    });

  program
    .command("synth")
    .description("write the app's stack as Terraform JSON (for review, or for a separate Terraform pipeline)")
    .argument("<app>", "app name")
    .option("--out <dir>", "output folder", "cdktf.out")
    .option("--image <id>", "image id for the launch template (default: the live version's)")
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, flags: { out: string; image?: string; target?: string }) => {
      const projectRoot = findProjectRoot();
      const definition = await loadApp(projectRoot, app);
      const target = await resolveTarget(projectRoot, flags.target);
      const live = liveVersion(await createReleaseStore(target.stateRoot, app).read());
      const written = writeSynth(definition, {
        app,
        region: target.clients.target.region,
        imageId: flags.image ?? live?.imageId ?? "ami-00000000000000000",
        groupLaunchTemplateVersion: live?.launchTemplateVersion,
      }, resolve(flags.out));
      process.stdout.write(`${written.file}\n`);
    });
}
