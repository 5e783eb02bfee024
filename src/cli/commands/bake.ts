// roll bake <app>

import type { Command } from "commander";
import type { OnErrorPolicy } from "../../bake/on-error.js";
import { parseAppName, withTargetOptions, withTemplateOptions } from "../options.js";
import { ON_ERROR_HELP, onErrorOptions, parseOnError } from "./on-error.js";
import { findProjectRoot } from "../project.js";
import { runWithReporter } from "../run.js";
import { resolveTarget } from "../target.js";

export function registerBake(program: Command, setExit: (code: number) => void): void {
  const command = program
    .command("bake")
    .description("bake a new version of the app's image without deploying it (an identical one is reused)")
    .argument("<app>", "app name", parseAppName);
  withTargetOptions(withTemplateOptions(command))
    .option("--force", "bake even when an identical image exists")
    .option("--on-error <policy>", ON_ERROR_HELP, parseOnError, "cleanup")
    .action(async (app: string, flags: { var: Record<string, string>; varFile: string[]; force?: boolean; onError: OnErrorPolicy; json?: boolean; target?: string }) => {
      const code = await runWithReporter({ title: `roll bake ${app}`, json: Boolean(flags.json), app }, async (emit, signal) => {
        const projectRoot = findProjectRoot();
        const target = await resolveTarget(projectRoot, flags.target);
        const { runBake } = await import("../../pipelines/bake-app.js");
        return runBake(
          { projectRoot, stateRoot: target.stateRoot, clients: target.clients, emit, signal },
          { app, vars: flags.var, varFiles: flags.varFile, force: flags.force, onError: onErrorOptions(flags.onError), command: `roll bake ${app}` },
        );
      });
      setExit(code);
    });
}
