// `shell`: upload each script to the machine and run it through execute_command, streaming its
// output. Like Packer: {{ .Vars }} carries the environment, {{ .Path }} the uploaded script, the
// script is removed afterwards (unless skip_clean), and expect_disconnect accepts a reboot.

import { randomBytes } from "node:crypto";
import { RollError } from "../../engine/errors.js";
import { throwIfAborted } from "../../engine/steps.js";
import { isDisconnect } from "../communicator/errors.js";
import type { Communicator } from "../communicator/types.js";
import { formatDuration } from "../duration.js";
import type { FieldReader } from "../fields.js";
import { renderEnvVars, shellQuote } from "../shell-quote.js";
import { sleep } from "../sleep.js";
import { checkCommandTemplate, renderCommand } from "./command-template.js";
import { readEnvVars, withBuildVars } from "./env-vars.js";
import { readScriptSources, type ScriptSource } from "./script-sources.js";
import type { ProvisionerKind, ProvisionerRunContext } from "./types.js";

export interface ShellConfig {
  scripts: ScriptSource[];
  vars: Array<[string, string]>;
  executeCommand: string;
  remotePath: string;
  expectDisconnect: boolean;
  validExitCodes: number[];
  startRetryTimeoutMs: number;
  skipClean: boolean;
}

const DEFAULT_EXECUTE = "chmod +x {{ .Path }}; {{ .Vars }} {{ .Path }}";

export const shell: ProvisionerKind<ShellConfig> = {
  needsSession: true,
  fields: [
    "inline", "script", "scripts", "environment_vars", "env", "execute_command", "inline_shebang",
    "remote_folder", "remote_file", "remote_path", "expect_disconnect", "valid_exit_codes",
    "start_retry_timeout", "skip_clean", "binary",
  ],

  parse(fields: FieldReader, templateRoot: string): ShellConfig {
    const executeCommand = fields.string("execute_command") || DEFAULT_EXECUTE;
    checkCommandTemplate(fields, "execute_command", executeCommand, ["Vars", "Path"]);
    const remoteFolder = fields.string("remote_folder") || "/tmp";
    const remoteFile = fields.string("remote_file") || `script_${randomBytes(4).readUInt32BE(0) % 10000}.sh`;
    const remotePath = fields.string("remote_path") || `${remoteFolder.replace(/\/+$/, "")}/${remoteFile}`;
    fields.bool("binary");
    return {
      scripts: readScriptSources(fields, templateRoot),
      vars: readEnvVars(fields),
      executeCommand,
      remotePath,
      expectDisconnect: fields.bool("expect_disconnect"),
      validExitCodes: fields.integerList("valid_exit_codes") ?? [0],
      startRetryTimeoutMs: fields.duration("start_retry_timeout") ?? 5 * 60_000,
      skipClean: fields.bool("skip_clean"),
    };
  },

  async run(config: ShellConfig, ctx: ProvisionerRunContext): Promise<void> {
    const vars = renderEnvVars(withBuildVars(config.vars, ctx.builderType, ctx.buildName));
    const command = renderCommand(config.executeCommand, { Vars: vars, Path: config.remotePath });
    for (const script of config.scripts) {
      throwIfAborted(ctx.signal);
      ctx.emit({ type: "log", level: "info", message: `shell: running ${script.label}` });
      const comm = await uploadWithRetry(config, script, ctx);
      let exitCode: number;
      try {
        const result = await comm.exec(command, {
          signal: ctx.signal,
          onStdout: (line) => ctx.emit({ type: "output", stream: "stdout", line }),
          onStderr: (line) => ctx.emit({ type: "output", stream: "stderr", line }),
        });
        if (result.signal) {
          throw new RollError("script-failed", `${script.label} was killed by ${result.signal}`, { fault: "user" });
        }
        exitCode = result.exitCode;
      } catch (error) {
        if (config.expectDisconnect && isDisconnect(error)) {
          ctx.emit({ type: "log", level: "info", message: `shell: ${script.label} disconnected, as expected (expect_disconnect)` });
          continue;
        }
        throw error;
      }
      if (!config.validExitCodes.includes(exitCode)) {
        throw new RollError(
          "script-failed",
          `${script.label} exited with code ${exitCode}` +
            (config.validExitCodes.length === 1 && config.validExitCodes[0] === 0 ? "" : ` (valid: ${config.validExitCodes.join(", ")})`),
          { fault: "user" },
        );
      }
      if (!config.skipClean) await removeScript(config.remotePath, ctx);
    }
  },
};

/** Upload, retried on connection loss until start_retry_timeout (the machine may be rebooting). */
async function uploadWithRetry(config: ShellConfig, script: ScriptSource, ctx: ProvisionerRunContext): Promise<Communicator> {
  const deadline = Date.now() + config.startRetryTimeoutMs;
  let delay = 500;
  for (;;) {
    const comm = await ctx.session!.get();
    try {
      await comm.upload("content" in script ? script.content : script.localPath, config.remotePath, { mode: 0o755 });
      return comm;
    } catch (error) {
      if (!isDisconnect(error) || Date.now() + delay > deadline) {
        if (isDisconnect(error)) {
          throw new RollError("script-upload-failed", `could not start ${script.label} within ${formatDuration(config.startRetryTimeoutMs)}: ${(error as Error).message}`, { fault: "external", cause: error });
        }
        throw error;
      }
      await sleep(delay, ctx.signal);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

async function removeScript(remotePath: string, ctx: ProvisionerRunContext): Promise<void> {
  try {
    const comm = await ctx.session!.get();
    const result = await comm.exec(`rm -f ${shellQuote(remotePath)}`, { signal: ctx.signal });
    if (result.exitCode !== 0) ctx.emit({ type: "log", level: "warn", message: `shell: could not remove ${remotePath} (exit ${result.exitCode})` });
  } catch (error) {
    throwIfAborted(ctx.signal);
    ctx.emit({ type: "log", level: "warn", message: `shell: could not remove ${remotePath}: ${(error as Error).message}` });
  }
}
