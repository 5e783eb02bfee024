// roll unlock <app> --force: remove a lock whose run is gone.

import type { Command } from "commander";
import { userError } from "../../engine/errors.js";
import { describeHolder, forceUnlock } from "../../releases/lock.js";
import { appStateDir } from "../../releases/store.js";
import { findProjectRoot } from "../project.js";
import { resolveStateRoot } from "../target.js";
import { parseAppName } from "../options.js";

export function registerUnlock(program: Command): void {
  program
    .command("unlock")
    .description("remove the app's lock (only when the run holding it is gone)")
    .argument("<app>", "app name", parseAppName)
    .option("--force", "required: confirms that no run holds the lock any more")
    .option("--really", "also take the lock from a run that is still alive (it then runs unprotected)")
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, flags: { force?: boolean; really?: boolean; target?: string }) => {
      if (!flags.force) throw userError("unlock-needs-force", "roll unlock removes another run's lock: pass --force to confirm");
      const root = await resolveStateRoot(findProjectRoot(), flags.target);
      const holder = await forceUnlock(appStateDir(root, app), { app, really: flags.really });
      process.stdout.write(holder ? `removed the lock held by ${describeHolder(holder)}\n` : `${app} was not locked\n`);
    });
}
