// roll sandbox up|down|status|env|reset|faults|publish-base: the local AWS-compatible cloud.

import type { Command } from "commander";
import { rm } from "node:fs/promises";
import { userError } from "../../engine/errors.js";
import type { FaultFlags } from "@roll/sandbox";
import { findProjectRoot } from "../project.js";
import { loadSandbox, sandboxOptionsFromEnv, startSandboxDaemon, stateRootFor } from "../target.js";

function print(text: string): void {
  process.stdout.write(text);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The fault flags shared by `up` and `faults` (see sandbox/README.md). */
function withFaultFlags(command: Command): Command {
  return command
    .option("--throttle <mode>", "aws: EC2's documented API token buckets (RequestLimitExceeded) and Auto Scaling throttling; off (default)")
    .option("--error-rate <rate>", "fail this share of requests (0.05), or per action (RunInstances=0.2); repeatable", collect)
    .option("--error-kind <kind>", "internal (InternalError/InternalFailure 500, default) or unavailable (ServiceUnavailable 503)")
    .option("--latency <duration>", "delay every answer (50ms), or per action (DescribeInstances=200ms); repeatable", collect)
    .option("--boot-failure-rate <rate>", "share of launched instances that fail to boot (terminated, Server.InternalError)")
    .option("--unhealthy-after <after:rate>", "share of instances that fail their status checks that long after running (30s:0.1), or off")
    .option("--ssh-refuse <duration>", "new instances refuse SSH for this long after boot (20s)")
    .option("--fault-seed <n>", "seed the fault dice so a run can be repeated");
}

async function faultPatch(flags: FaultFlags) {
  const { faultsFromFlags } = await loadSandbox();
  try {
    return faultsFromFlags(flags);
  } catch (error) {
    throw userError("bad-fault", (error as Error).message);
  }
}

async function runningEndpoint(): Promise<string> {
  const { sandboxStatus, defaultSandboxDir } = await loadSandbox();
  const status = await sandboxStatus(defaultSandboxDir());
  if (!status?.running) throw userError("sandbox-not-running", "the sandbox is not running", undefined, "start it with `roll sandbox up`");
  return status.endpoint;
}

export function registerSandbox(program: Command, setExit: (code: number) => void): void {
  const sandbox = program.command("sandbox").description("the local AWS-compatible cloud that roll deploys to by default");

  withFaultFlags(
    sandbox
      .command("up")
      .description("start the sandbox in the background and print its endpoint (fault flags: for reliability tests)")
      .option("--port <port>", "API port", (value) => Number(value)),
  ).action(async (flags: { port?: number } & FaultFlags) => {
    const faults = await faultPatch(flags);
    const { getFaults } = await loadSandbox();
    const info = await startSandboxDaemon({
      ...(await sandboxOptionsFromEnv()),
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(Object.keys(faults).length > 0 ? { faults } : {}),
    });
    print(`sandbox running at ${info.endpoint} (region ${info.region}, pid ${info.pid}, data ${info.dataDir})\n`);
    if (Object.keys(faults).length > 0) print(`faults in force: ${JSON.stringify(await getFaults(info.endpoint))}\n`);
    print(`use it from other tools: eval "$(npx roll sandbox env)"\n`);
  });

  sandbox
    .command("down")
    .description("stop the sandbox; its state (images, groups, instances) comes back on the next up")
    .action(async () => {
      const { sandboxDown, defaultSandboxDir } = await loadSandbox();
      await sandboxDown(defaultSandboxDir());
      print("sandbox stopped\n");
    });

  sandbox
    .command("status")
    .description("is it running, where, and what it holds")
    .option("--json", "print the status as JSON")
    .action(async (flags: { json?: boolean }) => {
      const { sandboxStatus, defaultSandboxDir } = await loadSandbox();
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

  withFaultFlags(
    sandbox
      .command("faults")
      .description("print the faults in force; with fault flags, change those (the others stay)")
      .option("--clear", "turn every fault off first")
      .option("--json", "print the faults as JSON"),
  ).action(async (flags: { clear?: boolean; json?: boolean } & FaultFlags) => {
    const patch = await faultPatch(flags);
    const endpoint = await runningEndpoint();
    const { getFaults, setFaults } = await loadSandbox();
    let faults = await getFaults(endpoint);
    if (flags.clear) faults = await setFaults(endpoint, patch, "replace");
    else if (Object.keys(patch).length > 0) faults = await setFaults(endpoint, patch, "update");
    print(flags.json ? `${JSON.stringify(faults)}\n` : `${JSON.stringify(faults, null, 2)}\n`);
  });

  sandbox
    .command("publish-base")
    .description("publish a newer vendor base image (newer packages), as a vendor's security refresh would")
    .option("--json", "print the result as JSON")
    .action(async (flags: { json?: boolean }) => {
      const { publishBase } = await loadSandbox();
      const result = await publishBase(await runningEndpoint());
      if (flags.json) {
        print(`${JSON.stringify(result)}\n`);
        return;
      }
      print(`published ${result.name} (created ${result.creationDate}, previous ${result.previous})\n`);
      for (const [region, imageId] of Object.entries(result.images)) print(`  ${region}: ${imageId}\n`);
      for (const change of result.packages) print(`  ${change.name} ${change.from || "(new)"} -> ${change.to}\n`);
    });

  sandbox
    .command("env")
    .description("print export lines that point the AWS CLI, az and the AWS/Azure SDKs at the sandbox")
    .action(async () => {
      const { sandboxEnv } = await loadSandbox();
      const info = await startSandboxDaemon(await sandboxOptionsFromEnv());
      print(sandboxEnv(info));
    });

  sandbox
    .command("reset")
    .description("stop the sandbox and delete everything in it (and this project's sandbox release state)")
    .action(async () => {
      const { sandboxReset, defaultSandboxDir } = await loadSandbox();
      await sandboxReset(defaultSandboxDir());
      try {
        await rm(stateRootFor(findProjectRoot(), "sandbox"), { recursive: true, force: true });
      } catch {
        // Not inside a project: only the sandbox itself is reset.
      }
      print("sandbox reset\n");
    });
}
