// `shell-local`: run scripts on the machine running roll, with the same environment rules as `shell`.
// execute_command is a list (argv), default ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"], as in Packer.

import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { RollError } from "../../engine/errors.js";
import { throwIfAborted } from "../../engine/steps.js";
import { lineSplitter } from "../communicator/lines.js";
import type { FieldReader } from "../fields.js";
import { renderEnvVars } from "../shell-quote.js";
import { checkCommandTemplate, renderCommand } from "./command-template.js";
import { readEnvVars, withBuildVars } from "./env-vars.js";
import { readScriptSources, type ScriptSource } from "./script-sources.js";
import type { ProvisionerKind, ProvisionerRunContext } from "./types.js";

export interface ShellLocalConfig {
  scripts: ScriptSource[];
  vars: Array<[string, string]>;
  executeCommand: string[];
  validExitCodes: number[];
}

const DEFAULT_EXECUTE = ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"];

export const shellLocal: ProvisionerKind<ShellLocalConfig> = {
  needsSession: false,
  fields: ["inline", "script", "scripts", "environment_vars", "env", "execute_command", "inline_shebang", "valid_exit_codes"],

  parse(fields: FieldReader, templateRoot: string): ShellLocalConfig {
    const executeCommand = fields.stringList("execute_command") ?? DEFAULT_EXECUTE;
    if (executeCommand.length === 0) throw fields.error("execute_command", `"execute_command" must not be empty`);
    for (const part of executeCommand) checkCommandTemplate(fields, "execute_command", part, ["Vars", "Script", "Path"]);
    return {
      scripts: readScriptSources(fields, templateRoot),
      vars: readEnvVars(fields),
      executeCommand,
      validExitCodes: fields.integerList("valid_exit_codes") ?? [0],
    };
  },

  async run(config: ShellLocalConfig, ctx: ProvisionerRunContext): Promise<void> {
    const vars = withBuildVars(config.vars, ctx.builderType, ctx.buildName);
    // Inline commands need a file to run; it lives in a private folder only while it runs.
    const scratch = await mkdtemp(path.join(os.tmpdir(), "roll-shell-local-"));
    try {
      for (const [index, script] of config.scripts.entries()) {
        throwIfAborted(ctx.signal);
        let scriptPath: string;
        if ("content" in script) {
          scriptPath = path.join(scratch, `inline-${index}.sh`);
          await writeFile(scriptPath, script.content, { mode: 0o700 });
        } else {
          scriptPath = script.localPath;
          await chmod(scriptPath, 0o755).catch(() => undefined);
        }
        const argv = config.executeCommand.map((part) => renderCommand(part, { Vars: renderEnvVars(vars), Script: scriptPath, Path: scriptPath }));
        ctx.emit({ type: "log", level: "info", message: `shell-local: running ${script.label}` });
        const code = await runLocal(argv, Object.fromEntries(vars), ctx);
        if (!config.validExitCodes.includes(code)) {
          throw new RollError("script-failed", `${script.label} exited with code ${code}`, { fault: "user" });
        }
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};

function runLocal(argv: string[], env: Record<string, string>, ctx: ProvisionerRunContext): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], signal: ctx.signal });
    const stdout = lineSplitter((line) => ctx.emit({ type: "output", stream: "stdout", line }));
    const stderr = lineSplitter((line) => ctx.emit({ type: "output", stream: "stderr", line }));
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", (error) => {
      if (ctx.signal.aborted) reject(new RollError("cancelled", "cancelled by the user", { fault: "user", cause: error }));
      else reject(new RollError("script-failed", `could not run ${argv[0]}: ${error.message}`, { fault: "user", cause: error }));
    });
    child.once("close", (code, signal) => {
      stdout.end();
      stderr.end();
      if (ctx.signal.aborted) reject(new RollError("cancelled", "cancelled by the user", { fault: "user" }));
      else if (code === null) reject(new RollError("script-failed", `killed by ${signal}`, { fault: "user" }));
      else resolve(code);
    });
  });
}
