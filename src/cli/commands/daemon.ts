// roll daemon: runs every app's scheduled rebake until stopped (Ctrl-C / SIGTERM).

import type { Command } from "commander";
import { join } from "node:path";
import { userError } from "../../engine/errors.js";
import type { EventSink } from "../../engine/events.js";
import { findProjectRoot } from "../project.js";
import { resolveTarget } from "../target.js";
import { createAppLinePrinter } from "./rebake.js";

export function registerDaemon(program: Command): void {
  program
    .command("daemon")
    .description("run the apps' scheduled security rebakes (one run per app at a time; a missed run after downtime runs once)")
    .option("--json", "NDJSON events, each with its app")
    .option("--target <name>", "sandbox (default) or aws")
    .option("--webhook <url>", "POST each run's result as JSON here (also ROLL_WEBHOOK)")
    .action(async (flags: { json?: boolean; target?: string; webhook?: string }) => {
      const projectRoot = findProjectRoot();
      const [{ runRebake }, { projectSchedules }, { nextRuns }, { runDaemon }] = await Promise.all([
        import("../../rebake/run-rebake.js"),
        import("../../schedule/apps.js"),
        import("../../schedule/cron.js"),
        import("../../schedule/daemon.js"),
      ]);
      const apps = await projectSchedules(projectRoot);
      if (apps.length === 0) throw userError("no-schedules", "no app has a rebake schedule (set rebake.schedule in stacks/<app>.ts)");
      const target = await resolveTarget(projectRoot, flags.target);
      const print = createAppLinePrinter(Boolean(flags.json));
      const webhook = flags.webhook ?? (process.env.ROLL_WEBHOOK || undefined);
      const controller = new AbortController();
      const stop = (signal: NodeJS.Signals) => {
        print(undefined, { type: "log", level: "warn", message: `${signal}: stopping after the running rebakes clean up` });
        controller.abort(new Error(signal));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      for (const { schedule } of apps) {
        print(undefined, { type: "log", level: "info", message: `${schedule.app}: "${schedule.expression}" (${schedule.timeZone}), next ${nextRuns(schedule, 1)[0]?.toISOString()}` });
      }
      const jitter = new Map(apps.map(({ schedule, policy }) => [schedule.app, policy.jitterSeconds ?? 0]));
      try {
        await runDaemon({
          schedules: apps.map((entry) => entry.schedule),
          stateDir: join(target.stateRoot, "daemon"),
          signal: controller.signal,
          jitterSeconds: (app) => jitter.get(app) ?? 0,
          emit: (event) => print(event.type === "result" ? event.app : undefined, event),
          run: (app, signal) => {
            const emit: EventSink = (event) => print(app, event);
            return runRebake({ projectRoot, stateRoot: target.stateRoot, clients: target.clients, emit, signal }, { app, command: `roll daemon (${app})`, webhook });
          },
        });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}
