// roll rebake <app> | --all: security rebakes that deploy only what changed.

import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { describeError, userError } from "../../engine/errors.js";
import type { EventSink, RollEvent } from "../../engine/events.js";
import type { FleetRow } from "../../rebake/fleet.js";
import type { RebakeRequest } from "../../rebake/run-rebake.js";
import { describeEvent } from "../../reporters/plain/describe-event.js";
import { describeResult } from "../../reporters/verdict.js";
import { listApps } from "../../stack/load-app.js";
import { exitCodeForError, exitCodeForOutcome } from "../exit-codes.js";
import { collectList, collectVar, parseAppName, parseWaitLock } from "../options.js";
import { findProjectRoot } from "../project.js";
import { runWithReporter } from "../run.js";
import { formatTable } from "../table.js";
import { resolveTarget } from "../target.js";

interface RebakeFlags {
  all?: boolean;
  concurrency: number;
  json?: boolean;
  target?: string;
  var: Record<string, string>;
  varFile: string[];
  webhook?: string;
  waitLock?: string | boolean;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  return number;
}

/**
 * Lines for runs of several apps at once (roll rebake --all, roll daemon): plain "[app] words" lines,
 * or NDJSON with an `app` field. Builders' script output is left out: with many apps it is noise.
 */
export function createAppLinePrinter(json: boolean, write: (text: string) => void = (text) => process.stdout.write(text)) {
  return (app: string | undefined, event: RollEvent): void => {
    const time = new Date().toISOString();
    if (json) {
      const line = event.type === "result" ? { time, ...event, type: "app-result" } : { time, app, ...event };
      write(`${JSON.stringify(line)}\n`);
      return;
    }
    if (event.type === "output") return;
    const words = event.type === "result" ? [describeResult(event)] : describeEvent(event);
    for (const text of words) write(`${time.slice(11, 19)} ${app ? `[${app}] ` : ""}${text}\n`);
  };
}

export function fleetTable(rows: FleetRow[]): string {
  return formatTable(
    ["APP", "OLD", "NEW", "PACKAGES", "BASE", "OUTCOME", "VERDICT / REASON"],
    rows.map((row) => [row.app, row.from ?? "-", row.to ?? "-", String(row.packagesChanged), row.baseChanged ? "new" : "same", row.outcome, (row.reason ?? row.verdict ?? "").split("\n")[0]!.slice(0, 80)]),
  );
}

function lockWaitMs(flag: string | boolean | undefined): number | undefined {
  if (flag === undefined || flag === false) return undefined;
  if (flag === true) return 30 * 60_000;
  return Number(flag) * 1000;
}

export function registerRebake(program: Command, setExit: (code: number) => void): void {
  program
    .command("rebake")
    .description("rebake on the newest base image with the security-update step; deploy behind the gates only when packages or the base changed")
    .argument("[app]", "app name (or --all)", parseAppName)
    .option("--all", "every app in stacks/")
    .option("--concurrency <n>", "apps rebaked at once with --all", positiveInteger, 4)
    .option("--var <name=value>", "set a template variable (repeatable); default: the live version's", collectVar, undefined)
    .option("--var-file <file>", "read template variables from a file (repeatable)", collectList, [])
    .option("--webhook <url>", "POST each run's result as JSON here (also ROLL_WEBHOOK)")
    .option("--json", "NDJSON events; the last line is the result")
    .option("--target <name>", "sandbox (default) or aws")
    .option("--wait-lock [seconds]", "wait for another run's lock instead of failing", parseWaitLock)
    .action(async (appName: string | undefined, flags: RebakeFlags) => {
      if (Boolean(appName) === Boolean(flags.all)) throw userError("bad-arguments", "name one app, or pass --all (not both)");
      const projectRoot = findProjectRoot();
      const webhook = flags.webhook ?? (process.env.ROLL_WEBHOOK || undefined);
      const request = (app: string): RebakeRequest => ({
        app,
        command: `roll rebake ${app}`,
        vars: flags.var,
        varFiles: flags.varFile,
        webhook,
        lockWaitMs: lockWaitMs(flags.waitLock),
      });
      if (appName) {
        setExit(
          await runWithReporter({ title: `roll rebake ${appName}`, json: Boolean(flags.json), app: appName }, async (emit, signal) => {
            const target = await resolveTarget(projectRoot, flags.target);
            const { runRebake } = await import("../../rebake/run-rebake.js");
            return runRebake({ projectRoot, stateRoot: target.stateRoot, clients: target.clients, emit, signal }, request(appName));
          }),
        );
        return;
      }
      setExit(await rebakeAll(projectRoot, flags, request));
    });
}

async function rebakeAll(projectRoot: string, flags: RebakeFlags, request: (app: string) => RebakeRequest): Promise<number> {
  const apps = listApps(projectRoot);
  if (apps.length === 0) throw userError("no-apps", `no apps in ${projectRoot}/stacks`);
  const print = createAppLinePrinter(Boolean(flags.json));
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(signal));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const started = Date.now();
  try {
    const target = await resolveTarget(projectRoot, flags.target);
    const [{ runRebake }, { runFleet, fleetOutcome }] = await Promise.all([import("../../rebake/run-rebake.js"), import("../../rebake/fleet.js")]);
    const rows = await runFleet(
      apps,
      flags.concurrency,
      async (app) => {
        const emit: EventSink = (event) => print(app, event);
        try {
          const result = await runRebake({ projectRoot, stateRoot: target.stateRoot, clients: target.clients, emit, signal: controller.signal }, request(app));
          emit(result);
          return result;
        } catch (error) {
          emit({ type: "log", level: "error", message: describeError(error) });
          throw error;
        }
      },
      controller.signal,
    );
    const outcome = fleetOutcome(rows);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), type: "result", app: "*", outcome, durationMs: Date.now() - started, apps: rows })}\n`);
    } else {
      process.stdout.write(`\n${fleetTable(rows)}${rows.length} apps in ${((Date.now() - started) / 1000).toFixed(0)}s: ${outcome}\n`);
    }
    return exitCodeForOutcome(outcome);
  } catch (error) {
    process.stderr.write(`roll: ${describeError(error)}\n`);
    return exitCodeForError(error);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
