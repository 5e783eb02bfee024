// roll apps: the project's apps (stacks/<app>.ts), each with its template and live version. Reads only
// the project and the local state: no cloud, no sandbox.

import type { Command } from "commander";
import { createReleaseStore } from "../../releases/store.js";
import { listApps } from "../../stack/load-app.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";
import { resolveStateRoot } from "../target.js";

export function registerApps(program: Command): void {
  program
    .command("apps")
    .description("list the project's apps (stacks/<app>.ts) with their live version and last release")
    .option("--json", 'print [{"app","live","lastRelease":{"kind","version","outcome","endedAt"}|null}]')
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (flags: { json?: boolean; target?: string }) => {
      const projectRoot = findProjectRoot();
      const root = await resolveStateRoot(projectRoot, flags.target);
      const rows = await Promise.all(
        listApps(projectRoot).map(async (app) => {
          const state = await createReleaseStore(root, app).read();
          const last = state.history.at(-1);
          return { app, live: state.live ?? null, lastRelease: last ? { kind: last.kind, version: last.version, outcome: last.outcome, endedAt: last.endedAt } : null };
        }),
      );
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`no apps in ${projectRoot}/stacks (add stacks/<app>.ts exporting defineApp)\n`);
        return;
      }
      process.stdout.write(
        formatTable(
          ["APP", "LIVE", "LAST RELEASE"],
          rows.map((r) => [r.app, r.live ?? "-", r.lastRelease ? `${r.lastRelease.kind} ${r.lastRelease.version} ${r.lastRelease.outcome} ${r.lastRelease.endedAt.replace(/\.\d+Z$/, "Z")}` : "-"]),
        ),
      );
    });
}
