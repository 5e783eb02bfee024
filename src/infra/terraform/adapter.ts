// The InfraPort on the terraform or tofu CLI. Each app gets a working directory with the synthesized
// JSON and its state backend; plan is `plan -out` + `show -json`, apply applies exactly that saved
// plan (what was shown is what is applied), and the result is read back from `output -json`.

import { rmSync } from "node:fs";
import { join } from "node:path";
import { RollError } from "../../engine/errors.js";
import type { SynthesizedStack } from "../../stack/synthesized.js";
import type { ApplyOptions, ApplyResult, InfraOptions, InfraPort, Plan, StackOutputs } from "../port.js";
import type { BackendConfig } from "./backend.js";
import { findTerraformBinary, type TerraformBinary } from "./binary.js";
import { runPlain, runStreamed, type CommandContext } from "./command.js";
import { toAppliedChange } from "./messages.js";
import { parseJsonPlan, priorLatestVersion, type JsonPlan } from "./plan-json.js";
import { outputsFromJson, outputsFromState } from "./outputs.js";
import type { UiMessage } from "./ui-messages.js";
import { prepareWorkDir, type AppWorkDir } from "./workdir.js";

export interface TerraformInfraOptions {
  /** "terraform", "tofu" or a path; default ROLL_TERRAFORM, else tofu or terraform on PATH. */
  binary?: string;
  /** Parent of the per-app working directories (<workDir>/<app>). */
  workDir: string;
  /** Environment for the binary (credentials, TF_CLI_CONFIG_FILE…); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where state lives; default a local file in the app's working directory. */
  backend?: BackendConfig;
  /** Milliseconds between SIGINT and SIGKILL when cancelled; default 60 s. */
  graceMs?: number;
}

const PLAN_FILE = "roll.tfplan";

export function createTerraformInfra(options: TerraformInfraOptions): InfraPort {
  if (!options.workDir) throw new RollError("invalid-options", "createTerraformInfra needs a workDir");
  let binary: TerraformBinary | undefined;
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };

  function context(dir: string, extra: InfraOptions): CommandContext {
    binary ??= findTerraformBinary(options.binary, options.env ?? process.env);
    return { binary, cwd: dir, env, signal: extra.signal, onMessage: extra.onMessage, graceMs: options.graceMs };
  }

  async function runInit(workDir: AppWorkDir, extra: InfraOptions): Promise<void> {
    await runPlain(context(workDir.dir, extra), ["init", "-input=false", "-no-color"]);
    workDir.markInitialized();
  }

  async function ready(stack: SynthesizedStack, extra: InfraOptions): Promise<AppWorkDir> {
    const ctx = context(options.workDir, extra);
    const workDir = prepareWorkDir(options.workDir, stack, options.backend, ctx.binary.path);
    if (workDir.needsInit()) await runInit(workDir, extra);
    return workDir;
  }

  /** Plans into the working directory's plan file and reads the plan back. */
  async function planInto(workDir: AppWorkDir, extra: InfraOptions): Promise<{ plan: Plan; json: JsonPlan; file: string }> {
    const ctx = context(workDir.dir, extra);
    const file = join(workDir.dir, PLAN_FILE);
    await runStreamed(ctx, ["plan", "-input=false", "-json", `-out=${PLAN_FILE}`]);
    const shown = await runPlain(ctx, ["show", "-json", "-no-color", PLAN_FILE]);
    return { ...parseJsonPlan(shown), file };
  }

  async function output(stack: SynthesizedStack, extra: InfraOptions = {}): Promise<StackOutputs> {
    const workDir = await ready(stack, extra);
    const ctx = context(workDir.dir, extra);
    const fromOutputs = outputsFromJson(await runPlain(ctx, ["output", "-json", "-no-color"]));
    if (fromOutputs) return fromOutputs;
    return outputsFromState(await runPlain(ctx, ["show", "-json", "-no-color"]), stack);
  }

  return {
    async init(stack, extra = {}) {
      const ctx = context(options.workDir, extra);
      await runInit(prepareWorkDir(options.workDir, stack, options.backend, ctx.binary.path), extra);
    },

    async plan(stack, extra = {}) {
      const workDir = await ready(stack, extra);
      const { plan, file } = await planInto(workDir, extra);
      rmSync(file, { force: true });
      return plan;
    },

    async apply(stack, extra: ApplyOptions = {}): Promise<ApplyResult> {
      const workDir = await ready(stack, extra);
      const { plan, json, file } = await planInto(workDir, extra);
      const details = new Map(plan.resources.filter((r) => r.detail).map((r) => [r.address, r.detail!]));
      try {
        // Applied even with no changes: Terraform then saves the refreshed state, so that outputs
        // (e.g. the group's version after an instance refresh moved it) match the cloud.
        const onUiMessage = (message: UiMessage) => {
          const change = toAppliedChange(message, details);
          if (change) extra.onChange?.(change);
        };
        await runStreamed({ ...context(workDir.dir, extra), onUiMessage }, ["apply", "-input=false", "-json", PLAN_FILE]);
      } finally {
        rmSync(file, { force: true });
      }
      const outputs = await output(stack, extra);
      if (!outputs.launchTemplate || !outputs.group) {
        throw new RollError("apply-failed", `after apply, the state has no ${outputs.launchTemplate ? stack.group.address : stack.launchTemplate.address}`, { fault: "internal" });
      }
      const prior = priorLatestVersion(json, stack.launchTemplate.address) ?? 0;
      const { latestVersion } = outputs.launchTemplate;
      return {
        launchTemplate: {
          id: outputs.launchTemplate.id,
          name: outputs.launchTemplate.name,
          latestVersion,
          ...(latestVersion > prior ? { createdVersion: latestVersion } : {}),
        },
        group: { name: outputs.group.name, launchTemplateVersion: outputs.group.launchTemplateVersion ?? latestVersion },
        changes: plan.changes,
        resources: plan.resources,
      };
    },

    output,
  };
}
