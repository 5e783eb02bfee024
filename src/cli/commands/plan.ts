// roll plan <app> and roll synth <app>: review what a deploy would do, or hand the stack to Terraform.

import type { Command } from "commander";
import { resolve } from "node:path";
import { describeError } from "../../engine/errors.js";
import type { DeployPlan } from "../../pipelines/plan.js";
import { createReleaseStore, liveVersion } from "../../releases/store.js";
import { parseAppName, withTemplateOptions } from "../options.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";
import { resolveTarget } from "../target.js";

/** Whether a deploy would do anything: bake, change a resource, or replace an instance. */
export function planHasChanges(plan: Pick<DeployPlan, "bake" | "changes" | "refresh">): boolean {
  return plan.bake.needed || plan.changes > 0 || plan.refresh.needed;
}

export function registerPlan(program: Command, setExit: (code: number) => void): void {
  withTemplateOptions(
    program
      .command("plan")
      .description("what a deploy would bake, change and refresh, without doing it")
      .argument("<app>", "app name", parseAppName),
  )
    .option("--json", 'print the plan as JSON ("changes": 0 when the cloud already matches the stack)')
    .option("--target <name>", "sandbox (default) or aws")
    .option("--infra <kind>", "how the stack is applied: direct (default), terraform or tofu")
    .option("--detailed-exitcode", "as Terraform's: exit 0 when a deploy would change nothing, 2 when it would, 1 on an error")
    .action(async (app: string, flags: { var: Record<string, string>; varFile: string[]; json?: boolean; target?: string; infra?: string; detailedExitcode?: boolean }) => {
      const projectRoot = findProjectRoot();
      let plan: DeployPlan;
      try {
        const target = await resolveTarget(projectRoot, flags.target);
        const [{ planDeploy }, { parseInfraChoice }] = await Promise.all([import("../../pipelines/plan.js"), import("../../infra/index.js")]);
        plan = await planDeploy(
          { projectRoot, stateRoot: target.stateRoot, clients: target.clients, infra: parseInfraChoice(flags.infra) },
          { app, vars: flags.var, varFiles: flags.varFile },
        );
      } catch (error) {
        if (!flags.detailedExitcode) throw error;
        // Terraform's convention: 2 means "changes", so every error is 1 here.
        process.stderr.write(`roll: ${describeError(error)}\n`);
        setExit(1);
        return;
      }
      if (flags.detailedExitcode) setExit(planHasChanges(plan) ? 2 : 0);
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
    .argument("<app>", "app name", parseAppName)
    .option("--out <dir>", "output folder", "cdktf.out")
    .option("--image <id>", "image id for the launch template (default: the live version's)")
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, flags: { out: string; image?: string; target?: string }) => {
      const projectRoot = findProjectRoot();
      const { loadApp, writeSynth } = await import("../../stack/index.js");
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
