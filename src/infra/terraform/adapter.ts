// The InfraPort on the terraform or tofu CLI, with as few commands as a deploy allows (each one starts
// the 700 MB AWS provider). Each app gets a working directory with the synthesized JSON, its state
// backend and `import` blocks for what already exists in the cloud under the stack's names.
// - init runs only when the working directory's providers, backend or binary changed;
// - apply is `plan -out` (its -json stream says what changes) then `apply` of exactly that plan, whose
//   stream carries the outputs: no `show` or `output` command on the way;
// - a plan that replaces or destroys the group or the launch template stops before apply (with
//   Terraform's reason from `show -json`) unless allowReplace;
// - a reconcile (the stack differs from the last apply only in what the run itself just did) is one
//   `apply -refresh=false`;
// - `plan` (roll plan) is `plan -out` + `show -json`, for the per-attribute detail.
// A dead run's terraform is ended and the state lock it held is cleared (see command-journal.ts).

import { rmSync } from "node:fs";
import { join } from "node:path";
import { RollError } from "../../engine/errors.js";
import type { SynthesizedStack } from "../../stack/synthesized.js";
import type { ApplyOptions, ApplyResult, InfraOptions, InfraPort, Plan, ResourceChange, StackOutputs } from "../port.js";
import type { BackendConfig } from "./backend.js";
import { findTerraformBinary, type TerraformBinary } from "./binary.js";
import { providerNotFound } from "./cli-config.js";
import { runPlain, runStreamed, type CommandContext } from "./command.js";
import { clearCommandNote, endStaleCommand, lockOwnedBy, noteCommand, parseLockInfo, staleCommand, type CommandNote } from "./command-journal.js";
import { toAppliedChange } from "./messages.js";
import { parseJsonPlan, replacementReasons, versionNumber } from "./plan-json.js";
import { outputsFromJson, outputsFromState } from "./outputs.js";
import type { UiMessage } from "./ui-messages.js";
import { acquireProviderServer } from "./provider-server.js";
import { readLocalState, prepareWorkDir, type AppWorkDir, type ImportBlock } from "./workdir.js";

export interface CommandRecord {
  /** The subcommand: init, plan, show, apply, output, force-unlock. */
  command: string;
  ms: number;
}

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
  /** Apply plans that replace or destroy the group or the launch template (default: refuse them). */
  allowReplace?: boolean;
  /** What of the stack exists in the cloud already, to adopt with import blocks. */
  findExisting?: (stack: SynthesizedStack, signal?: AbortSignal) => Promise<ImportBlock[]>;
  onCommand?: (record: CommandRecord) => void;
  /** Run the commands against one shared provider server (provider-server.ts); default true. */
  shareProvider?: boolean;
}

const PLAN_FILE = "roll.tfplan";
/** Resource types whose replacement or destruction would take the service down. */
const GUARDED_TYPES = new Set(["aws_launch_template", "aws_autoscaling_group"]);

interface StreamedPlan {
  /** address -> planned action from the plan's -json stream (create, update, replace, delete, noop…). */
  actions: Map<string, string>;
  imports: Set<string>;
  changes: number;
}

export function createTerraformInfra(options: TerraformInfraOptions): InfraPort {
  if (!options.workDir) throw new RollError("invalid-options", "createTerraformInfra needs a workDir");
  let binary: TerraformBinary | undefined;
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };

  /** A command's context; in a prepared working directory, with its shared provider (see provider-server.ts). */
  function context(where: string | AppWorkDir, extra: InfraOptions): CommandContext {
    binary ??= findTerraformBinary(options.binary, options.env ?? process.env);
    const dir = typeof where === "string" ? where : where.dir;
    const reattach = typeof where === "string" ? undefined : where.provider?.reattach;
    return {
      binary,
      cwd: dir,
      env: reattach ? { ...env, TF_REATTACH_PROVIDERS: reattach } : env,
      signal: extra.signal,
      onMessage: extra.onMessage,
      graceMs: options.graceMs,
      onSpawn: (pid, args) => noteCommand(dir, pid, args.join(" ")),
      onExit: () => clearCommandNote(dir),
    };
  }

  /** Runs one command, timing it for the result's figures. */
  async function timed<T>(command: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await run();
    } finally {
      options.onCommand?.({ command, ms: Date.now() - started });
    }
  }

  async function runInit(workDir: AppWorkDir, extra: InfraOptions): Promise<void> {
    try {
      await timed("init", () => runPlain(context(workDir.dir, extra), ["init", "-input=false", "-no-color"]));
    } catch (error) {
      throw providerNotFound(error, env) ?? error;
    }
    workDir.markInitialized();
  }

  /** Import blocks for what the cloud has and the state does not (all of it when the state is remote). */
  async function importsFor(stack: SynthesizedStack, extra: InfraOptions): Promise<ImportBlock[]> {
    if (!options.findExisting) return [];
    const existing = await options.findExisting(stack, extra.signal);
    const inState = readLocalState(options.backend, join(options.workDir, stack.app), stack.app);
    return inState ? existing.filter((block) => !inState.has(block.to)) : existing;
  }

  /**
   * The working directory, initialised, with a dead run's terraform ended and a provider server for
   * the commands that follow: call `done` when they have run.
   */
  async function ready(stack: SynthesizedStack, extra: InfraOptions, imports: ImportBlock[] = []): Promise<{ workDir: AppWorkDir; stale?: CommandNote; done: () => void }> {
    const ctx = context(options.workDir, extra);
    const workDir = prepareWorkDir(options.workDir, stack, options.backend, ctx.binary.path, { imports, env });
    const stale = staleCommand(workDir.dir);
    if (stale) {
      await endStaleCommand(stale);
      clearCommandNote(workDir.dir);
    }
    if (workDir.needsInit()) await runInit(workDir, extra);
    if (options.shareProvider !== false) workDir.provider = await acquireProviderServer(workDir.dir, env, extra.signal);
    return { workDir, stale, done: () => workDir.provider?.release() };
  }

  /**
   * Runs a command that takes the state lock. If it fails on a lock that the dead run's command (from
   * the command journal) took, the lock is cleared and the command runs once more; anyone else's lock
   * is left alone and the failure stands.
   */
  async function withStaleLockCleared<T>(workDir: AppWorkDir, stale: CommandNote | undefined, extra: InfraOptions, run: (onUi: (m: UiMessage) => void) => Promise<T>): Promise<T> {
    let lockText: string | undefined;
    const onUi = (message: UiMessage) => {
      if (message.type === "diagnostic" && /state lock/i.test(message.diagnostic.summary)) lockText = message.diagnostic.detail ?? "";
    };
    try {
      return await run(onUi);
    } catch (error) {
      const lock = lockText !== undefined ? parseLockInfo(lockText) : undefined;
      if (!stale || !lock || !lockOwnedBy(lock, stale)) throw error;
      extra.onMessage?.({ kind: "log", level: "warn", message: `cleared the state lock ${lock.id} left by a killed roll run (${stale.command}, pid ${stale.rollPid})` });
      await timed("force-unlock", () => runPlain(context(workDir, extra), ["force-unlock", "-force", lock.id]));
      return run(() => undefined);
    }
  }

  async function streamPlan(workDir: AppWorkDir, stale: CommandNote | undefined, extra: InfraOptions, flags: string[]): Promise<StreamedPlan> {
    const actions = new Map<string, string>();
    const imports = new Set<string>();
    let changes = 0;
    await withStaleLockCleared(workDir, stale, extra, (onLock) =>
      timed("plan", () =>
        runStreamed(
          {
            ...context(workDir, extra),
            onUiMessage: (message) => {
              onLock(message);
              if (message.type === "planned_change") {
                actions.set(message.change.resource.addr, message.change.action);
                if ((message.change as { importing?: unknown }).importing) imports.add(message.change.resource.addr);
              }
              if (message.type === "change_summary") {
                const c = message.changes;
                changes = c.add + c.change + c.remove + (c.import ?? 0);
              }
            },
          },
          ["plan", "-input=false", "-json", `-out=${PLAN_FILE}`, ...flags],
        ),
      ),
    );
    return { actions, imports, changes };
  }

  /** Stops before apply when the plan replaces or destroys the group or the launch template. */
  async function guardReplacement(stack: SynthesizedStack, workDir: AppWorkDir, planned: StreamedPlan, extra: InfraOptions): Promise<void> {
    if (options.allowReplace) return;
    const guarded = stack.resources.filter((r) => GUARDED_TYPES.has(r.type)).map((r) => r.address);
    const destructive = guarded.filter((address) => ["replace", "delete", "remove"].includes(planned.actions.get(address) ?? ""));
    if (destructive.length === 0) return;
    const shown = await timed("show", () => runPlain(context(workDir, extra), ["show", "-json", "-no-color", PLAN_FILE]));
    const reasons = replacementReasons(shown).filter((r) => destructive.includes(r.address));
    rmSync(join(workDir.dir, PLAN_FILE), { force: true });
    const words = reasons.map((r) => `${r.address} would be ${r.action === "delete" ? "destroyed" : "replaced"}${r.reason ? `: ${r.reason}` : ""}`).join("; ");
    throw new RollError("replace-refused", `the plan would take the service down, so nothing was applied: ${words || destructive.join(", ")}`, {
      fault: "user",
      hint: "change the stack so the group and launch template are updated in place, or pass --allow-replace to apply this plan",
    });
  }

  async function readOutputs(stack: SynthesizedStack, workDir: AppWorkDir, extra: InfraOptions): Promise<StackOutputs> {
    const ctx = context(workDir, extra);
    const fromOutputs = outputsFromJson(await timed("output", () => runPlain(ctx, ["output", "-json", "-no-color"])));
    if (fromOutputs) return fromOutputs;
    return outputsFromState(await timed("show", () => runPlain(ctx, ["show", "-json", "-no-color"])), stack);
  }

  async function output(stack: SynthesizedStack, extra: InfraOptions = {}): Promise<StackOutputs> {
    return inWorkDir(stack, extra, [], (workDir) => readOutputs(stack, workDir, extra));
  }

  /**
   * One line per guarded resource for the engine's resource events, from the stack and the state
   * before the change (the plan's -json stream names actions, not attributes).
   */
  function writeDetails(stack: SynthesizedStack): Map<string, string> {
    const details = new Map<string, string>();
    const state = readLocalState(options.backend, join(options.workDir, stack.app), stack.app);
    const prior = versionNumber(state?.get(stack.launchTemplate.address)?.latest_version);
    const template = stack.json.resource?.aws_launch_template?.[stack.launchTemplate.address.split(".")[1]!];
    const image = typeof template?.image_id === "string" ? ` (image ${template.image_id})` : "";
    details.set(stack.launchTemplate.address, `${prior !== undefined ? `new version ${prior + 1}` : "new version"}${image}`);
    const group = stack.json.resource?.aws_autoscaling_group?.[stack.group.address.split(".")[1]!];
    const block = group?.launch_template as { version?: unknown } | { version?: unknown }[] | undefined;
    const pinned = (Array.isArray(block) ? block[0] : block)?.version;
    if (typeof pinned === "string" && /^\d+$/.test(pinned)) details.set(stack.group.address, `pinned to version ${pinned}`);
    return details;
  }

  /** Runs an apply (of the saved plan, or a direct one), reporting writes and keeping the outputs it prints. */
  async function runApply(workDir: AppWorkDir, stale: CommandNote | undefined, extra: ApplyOptions, args: string[], details: Map<string, string>): Promise<{ outputs?: StackOutputs; actions: Map<string, string> }> {
    let outputs: StackOutputs | undefined;
    const actions = new Map<string, string>();
    await withStaleLockCleared(workDir, stale, extra, (onLock) =>
      timed("apply", () =>
        runStreamed(
          {
            ...context(workDir, extra),
            onUiMessage: (message: UiMessage) => {
              onLock(message);
              if (message.type === "planned_change") actions.set(message.change.resource.addr, message.change.action);
              if (message.type === "apply_complete" && message.hook.action) actions.set(message.hook.resource.addr, message.hook.action);
              if (message.type === "outputs") outputs = outputsFromJson(JSON.stringify(message.outputs)) ?? outputs;
              const change = toAppliedChange(message, details);
              if (change) extra.onChange?.(change);
            },
          },
          args,
        ),
      ),
    );
    return { outputs, actions };
  }

  function result(stack: SynthesizedStack, outputs: StackOutputs, actions: Map<string, string>, plan: Plan): ApplyResult {
    if (!outputs.launchTemplate || !outputs.group) {
      throw new RollError("apply-failed", `after apply, the state has no ${outputs.launchTemplate ? stack.group.address : stack.launchTemplate.address}`, { fault: "internal" });
    }
    const templateAction = actions.get(stack.launchTemplate.address);
    const { latestVersion } = outputs.launchTemplate;
    return {
      launchTemplate: {
        id: outputs.launchTemplate.id,
        name: outputs.launchTemplate.name,
        latestVersion,
        ...(templateAction === "create" || templateAction === "update" || templateAction === "replace" ? { createdVersion: latestVersion } : {}),
      },
      group: { name: outputs.group.name, launchTemplateVersion: outputs.group.launchTemplateVersion ?? latestVersion },
      changes: plan.changes,
      resources: plan.resources,
    };
  }

  const streamedResources = (stack: SynthesizedStack, actions: Map<string, string>, imports: Set<string>): ResourceChange[] =>
    stack.resources.map((r) => {
      const raw = actions.get(r.address) ?? "noop";
      const action = raw === "noop" || raw === "read" ? "no-op" : raw === "remove" ? "delete" : (raw as ResourceChange["action"]);
      return { address: r.address, type: r.type, name: r.name ?? r.address, action, attributes: [], ...(imports.has(r.address) ? { importing: true } : {}) };
    });

  /** Runs `body` in the prepared working directory, then lets the provider server go. */
  async function inWorkDir<T>(stack: SynthesizedStack, extra: InfraOptions, imports: ImportBlock[], body: (workDir: AppWorkDir, stale?: CommandNote) => Promise<T>): Promise<T> {
    const { workDir, stale, done } = await ready(stack, extra, imports);
    try {
      return await body(workDir, stale);
    } finally {
      done();
    }
  }

  return {
    async init(stack, extra = {}) {
      const ctx = context(options.workDir, extra);
      const workDir = prepareWorkDir(options.workDir, stack, options.backend, ctx.binary.path, { env });
      if (workDir.needsInit()) await runInit(workDir, extra);
    },

    async plan(stack, extra = {}) {
      return inWorkDir(stack, extra, await importsFor(stack, extra), async (workDir) => {
        const ctx = context(workDir, extra);
        try {
          // A plan only reads: no state lock, so `roll plan` works while a deploy of the app runs.
          await timed("plan", () => runStreamed(ctx, ["plan", "-input=false", "-json", "-lock=false", `-out=${PLAN_FILE}`]));
          return parseJsonPlan(await timed("show", () => runPlain(ctx, ["show", "-json", "-no-color", PLAN_FILE]))).plan;
        } finally {
          rmSync(join(workDir.dir, PLAN_FILE), { force: true });
        }
      });
    },

    async apply(stack, extra: ApplyOptions = {}): Promise<ApplyResult> {
      const imports = await importsFor(stack, extra);
      if (extra.reconcile) {
        // Only the group's pinned version differs from what this run applied a moment ago, and the
        // run itself moved the group there: no refresh, no saved plan, one command.
        return inWorkDir(stack, extra, imports, async (workDir, stale) => {
          const applied = await runApply(workDir, stale, extra, ["apply", "-input=false", "-json", "-auto-approve", "-refresh=false"], writeDetails(stack));
          const outputs = applied.outputs ?? (await readOutputs(stack, workDir, extra));
          const resources = streamedResources(stack, applied.actions, new Set());
          return result(stack, outputs, applied.actions, { changes: resources.filter((r) => r.action !== "no-op").length, resources });
        });
      }
      return inWorkDir(stack, extra, imports, async (workDir, stale) => {
        const details = writeDetails(stack);
        const planned = await streamPlan(workDir, stale, extra, []);
        await guardReplacement(stack, workDir, planned, extra);
        let applied: { outputs?: StackOutputs; actions: Map<string, string> };
        try {
          // Applied even with no changes: Terraform then saves the refreshed state, so that outputs
          // (e.g. the group's version after an instance refresh moved it) match the cloud.
          applied = await runApply(workDir, undefined, extra, ["apply", "-input=false", "-json", PLAN_FILE], details);
        } finally {
          rmSync(join(workDir.dir, PLAN_FILE), { force: true });
        }
        const outputs = applied.outputs ?? (await readOutputs(stack, workDir, extra));
        const actions = new Map([...planned.actions, ...applied.actions]);
        const resources = streamedResources(stack, planned.actions, planned.imports);
        return result(stack, outputs, actions, { changes: planned.changes, resources });
      });
    },

    output,
  };
}
