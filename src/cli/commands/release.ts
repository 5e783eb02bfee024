// roll deploy <app> / roll rollback <app> --to <vN|previous>

import type { Command } from "commander";
import type { OnErrorPolicy } from "../../bake/on-error.js";
import type { ReleaseSource } from "../../pipelines/release.js";
import { parseAppName, parseVersion, parseWaitLock, withTargetOptions, withTemplateOptions } from "../options.js";
import { ON_ERROR_HELP, onErrorOptions, parseOnError } from "./on-error.js";
import { findProjectRoot } from "../project.js";
import { runWithReporter } from "../run.js";
import { resolveTarget } from "../target.js";

interface ReleaseFlags {
  json?: boolean;
  target?: string;
  infra?: string;
  waitLock?: string | boolean;
}

function lockWaitMs(flag: string | boolean | undefined): number | undefined {
  if (flag === undefined || flag === false) return undefined;
  if (flag === true) return 30 * 60_000;
  return Number(flag) * 1000;
}

async function release(app: string, source: ReleaseSource, flags: ReleaseFlags, command: string): Promise<number> {
  return runWithReporter({ title: `roll ${command}`, json: Boolean(flags.json), app }, async (emit, signal) => {
    const projectRoot = findProjectRoot();
    const target = await resolveTarget(projectRoot, flags.target);
    const [{ runRelease }, { parseInfraChoice }] = await Promise.all([import("../../pipelines/release.js"), import("../../infra/index.js")]);
    return runRelease(
      { projectRoot, stateRoot: target.stateRoot, clients: target.clients, emit, signal, infra: parseInfraChoice(flags.infra) },
      { app, source, command: `roll ${command}`, lockWaitMs: lockWaitMs(flags.waitLock) },
    );
  });
}

export function registerRelease(program: Command, setExit: (code: number) => void): void {
  const deploy = program
    .command("deploy")
    .description("bake the app's image (or reuse an identical one), roll it out behind the health gates, roll back on failure")
    .argument("<app>", "app name: stacks/<app>.ts and its template", parseAppName);
  withTargetOptions(withTemplateOptions(deploy))
    .option("--force", "bake even when an identical image exists")
    .option("--on-error <policy>", ON_ERROR_HELP, parseOnError, "cleanup")
    .option("--infra <kind>", "how the stack is applied: direct (default), terraform or tofu")
    .option("--wait-lock [seconds]", "wait for another run's lock instead of failing", parseWaitLock)
    .action(async (app: string, flags: ReleaseFlags & { var: Record<string, string>; varFile: string[]; force?: boolean; onError: OnErrorPolicy }) => {
      const source: ReleaseSource = { kind: "bake", vars: flags.var, varFiles: flags.varFile, force: flags.force, onError: onErrorOptions(flags.onError) };
      setExit(await release(app, source, flags, `deploy ${app}`));
    });

  const rollback = program
    .command("rollback")
    .description("roll the app back to a registered version, behind the same gates")
    .argument("<app>", "app name", parseAppName)
    .requiredOption("--to <version>", "vN or previous", parseVersion);
  withTargetOptions(rollback)
    .option("--infra <kind>", "how the stack is applied: direct (default), terraform or tofu")
    .option("--wait-lock [seconds]", "wait for another run's lock instead of failing", parseWaitLock)
    .action(async (app: string, flags: ReleaseFlags & { to: string }) => {
      setExit(await release(app, { kind: "version", to: flags.to }, flags, `rollback ${app} --to ${flags.to}`));
    });
}
