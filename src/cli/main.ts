// roll's command line: argv -> command. The only place that sets exit codes.

import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { describeError } from "../engine/errors.js";
import { registerApps } from "./commands/apps.js";
import { registerBake } from "./commands/bake.js";
import { registerPlan } from "./commands/plan.js";
import { registerRelease } from "./commands/release.js";
import { registerSandbox } from "./commands/sandbox.js";
import { registerStatus } from "./commands/status.js";
import { registerUnlock } from "./commands/unlock.js";
import { registerValidate } from "./commands/validate.js";
import { registerRebake } from "./commands/rebake.js";
import { registerDiff } from "./commands/diff.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerDaemon } from "./commands/daemon.js";
import { registerGc } from "./commands/gc.js";
import { registerImages } from "./commands/images.js";
import { registerConvert } from "./commands/convert.js";
import { EXIT, EXIT_CODES_HELP, exitCodeForError } from "./exit-codes.js";

// `roll deploy --json | head -1` closes our stdout early: that is the reader's choice, not a failure
// worth a stack trace. The run itself goes on (and cleans up) because SIGPIPE is not fatal in Node.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

/** roll's own package.json sits two folders up, from the sources and from the compiled tree alike. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

let exitCode: number = EXIT.ok;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command()
  .name("roll")
  .description("Bake a machine image, roll it onto an Auto Scaling group behind health gates, roll back when anything fails.")
  .version(packageVersion(), "-V, --version", "print roll's version")
  .showHelpAfterError()
  .addHelpText("after", `\n${EXIT_CODES_HELP}`)
  .exitOverride();
program.configureOutput({ outputError: (text, write) => write(text) });

registerRelease(program, setExit);
registerBake(program, setExit);
registerStatus(program);
registerApps(program);
registerPlan(program, setExit);
registerUnlock(program);
registerValidate(program, setExit);
registerSandbox(program, setExit);
registerRebake(program, setExit);
registerDiff(program);
registerSchedule(program);
registerDaemon(program);
registerGc(program, setExit);
registerImages(program);
registerConvert(program, setExit);
for (const command of program.commands) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end with code 0; every other parse error is bad input.
    exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else {
    process.stderr.write(`roll: ${describeError(error)}\n`);
    exitCode = exitCodeForError(error);
  }
}
process.exitCode = exitCode;
