// roll sandbox up|down|status|env|reset: the local AWS-compatible cloud.

import type { Command } from "commander";
import { rm } from "node:fs/promises";
import { defaultSandboxDir, sandboxDown, sandboxEnv, sandboxReset, sandboxStatus, sandboxUp } from "../../sandbox/control.js";
import { findProjectRoot } from "../project.js";
import { sandboxOptionsFromEnv, stateRootFor } from "../target.js";

function print(text: string): void {
  process.stdout.write(text);
}

export function registerSandbox(program: Command, setExit: (code: number) => void): void {
  const sandbox = program.command("sandbox").description("the local AWS-compatible cloud that roll deploys to by default");

  sandbox
    .command("up")
    .description("start the sandbox in the background and print its endpoint")
    .option("--port <port>", "API port", (value) => Number(value))
    .action(async (flags: { port?: number }) => {
      const info = await sandboxUp({ ...sandboxOptionsFromEnv(), ...(flags.port !== undefined ? { port: flags.port } : {}) });
      print(`sandbox running at ${info.endpoint} (region ${info.region}, pid ${info.pid}, data ${info.dataDir})\n`);
      print(`use it from other tools: eval "$(npx roll sandbox env)"\n`);
    });

  sandbox
    .command("down")
    .description("stop the sandbox; its state (images, groups, instances) comes back on the next up")
    .action(async () => {
      await sandboxDown(defaultSandboxDir());
      print("sandbox stopped\n");
    });

  sandbox
    .command("status")
    .description("is it running, where, and what it holds")
    .option("--json", "print the status as JSON")
    .action(async (flags: { json?: boolean }) => {
      const status = await sandboxStatus(defaultSandboxDir());
      if (flags.json) {
        print(`${JSON.stringify(status ?? { running: false, dataDir: defaultSandboxDir() })}\n`);
      } else if (!status?.running) {
        print("sandbox is not running (start it with `roll sandbox up`)\n");
        setExit(1);
      } else {
        print(`${JSON.stringify(status, null, 2)}\n`);
      }
    });

  sandbox
    .command("env")
    .description("print export lines that point the AWS CLI and SDKs at the sandbox")
    .action(async () => {
      const info = await sandboxUp(sandboxOptionsFromEnv());
      print(sandboxEnv(info));
    });

  sandbox
    .command("reset")
    .description("stop the sandbox and delete everything in it (and this project's sandbox release state)")
    .action(async () => {
      await sandboxReset(defaultSandboxDir());
      try {
        await rm(stateRootFor(findProjectRoot(), "sandbox"), { recursive: true, force: true });
      } catch {
        // Not inside a project: only the sandbox itself is reset.
      }
      print("sandbox reset\n");
    });
}
