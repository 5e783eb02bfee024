// roll schedule: next rebake times per app; roll schedule export: the same schedules as a GitHub
// Actions workflow, systemd timers or a crontab.

import type { Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { userError } from "../../engine/errors.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";

interface ExportFlags {
  githubActions?: boolean;
  systemd?: boolean;
  crontab?: boolean;
  out?: string;
}

export function registerSchedule(program: Command): void {
  const schedule = program
    .command("schedule")
    .description("next scheduled security rebakes per app (rebake.schedule in stacks/<app>.ts)")
    .option("--count <n>", "next runs to show per app", (value) => Number(value), 3)
    .option("--json", 'print [{"app","expression","timeZone","next":[ISO times]}]')
    .action(async (flags: { count: number; json?: boolean }) => {
      const [{ projectSchedules }, { nextRuns }] = await Promise.all([import("../../schedule/apps.js"), import("../../schedule/cron.js")]);
      const apps = await projectSchedules(findProjectRoot());
      const rows = apps.map(({ schedule: s }) => ({ app: s.app, expression: s.expression, timeZone: s.timeZone, next: nextRuns(s, flags.count).map((d) => d.toISOString()) }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write("no app has a rebake schedule (set rebake.schedule in stacks/<app>.ts)\n");
        return;
      }
      process.stdout.write(formatTable(["APP", "SCHEDULE", "TIME ZONE", "NEXT RUNS (UTC)"], rows.map((r) => [r.app, r.expression, r.timeZone, r.next.map((t) => t.replace(/:00\.000Z$/, "Z")).join(", ")])));
    });

  schedule
    .command("export")
    .description("write the schedules as configuration for CI or the host")
    .option("--github-actions", "a GitHub Actions workflow (YAML) running roll rebake on the schedules")
    .option("--systemd", "a .service and .timer per app")
    .option("--crontab", "crontab lines")
    .option("--out <path>", "write to this file (or folder, for --systemd) instead of stdout")
    .action(async (flags: ExportFlags) => {
      const chosen = [flags.githubActions, flags.systemd, flags.crontab].filter(Boolean).length;
      if (chosen !== 1) throw userError("bad-arguments", "pick one of --github-actions, --systemd, --crontab");
      const projectRoot = findProjectRoot();
      const [{ projectSchedules }, { crontab, githubActionsWorkflow, systemdUnits }] = await Promise.all([import("../../schedule/apps.js"), import("../../schedule/export.js")]);
      const schedules = (await projectSchedules(projectRoot)).map((entry) => entry.schedule);
      if (schedules.length === 0) throw userError("no-schedules", "no app has a rebake schedule (set rebake.schedule in stacks/<app>.ts)");
      if (flags.systemd) {
        const files = schedules.flatMap((s) => {
          const units = systemdUnits(s, projectRoot);
          return [
            { name: `roll-rebake-${s.app}.service`, text: units.service },
            { name: `roll-rebake-${s.app}.timer`, text: units.timer },
          ];
        });
        if (flags.out) {
          await mkdir(flags.out, { recursive: true });
          for (const file of files) await writeFile(join(flags.out, file.name), file.text);
          process.stdout.write(`wrote ${files.map((f) => join(flags.out!, f.name)).join(", ")}\n`);
        } else {
          process.stdout.write(files.map((f) => `# ${f.name}\n${f.text}`).join("\n"));
        }
        return;
      }
      const text = flags.githubActions ? githubActionsWorkflow(schedules) : crontab(schedules, projectRoot);
      if (flags.out) await writeFile(flags.out, text);
      else process.stdout.write(text);
    });
}
