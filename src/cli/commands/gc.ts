// roll gc [--dry-run] [--json]: find and remove what dead bakes left in the cloud. Resources of a bake
// whose app lock is held by a live process are listed as in use and never touched.

import type { Command } from "commander";
import type { BakeResource } from "../../bake/leftovers/index.js";
import type { RollEvent } from "../../engine/events.js";
import type { GcReport } from "../../pipelines/gc.js";
import { EXIT } from "../exit-codes.js";
import { collectList } from "../options.js";
import { findProjectRoot } from "../project.js";
import { resolveTarget } from "../target.js";

function print(text: string): void {
  process.stdout.write(text);
}

function describeReport(report: GcReport, describeResource: (resource: BakeResource) => string): string {
  const lines: string[] = [];
  if (report.bakes.length === 0) return `no resources of dead bakes in ${report.regions.join(", ")}\n`;
  for (const bake of report.bakes) {
    const who = `${bake.bakeId}${bake.app ? ` (app ${bake.app})` : ""}`;
    const what = bake.resources.map(describeResource).join(", ");
    lines.push(bake.status === "in-use" ? `${who}: in use, left alone (${bake.reason}): ${what}` : `${who}: ${report.dryRun ? "would remove" : "left by a dead bake"}: ${what}`);
  }
  if (!report.dryRun) {
    lines.push(`removed ${report.removed.length} resource${report.removed.length === 1 ? "" : "s"}${report.failed.length > 0 ? `; ${report.failed.length} could not be removed` : ""}`);
    for (const failure of report.failed) lines.push(`  failed: ${describeResource(failure.resource)}: ${failure.error}`);
  }
  return `${lines.join("\n")}\n`;
}

export function registerGc(program: Command, setExit: (code: number) => void): void {
  program
    .command("gc")
    .description("remove what dead bakes left (instances, key pairs, security groups, unfinished images); never touches a running bake's")
    .option("--dry-run", "only list what would be removed")
    .option("--json", 'print {"dryRun","regions","bakes":[{"bakeId","app","status","reason","resources"}],"removed","failed"}')
    .option("--region <name>", "also search this region, e.g. where ami_regions copied images (repeatable)", collectList, [])
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (flags: { dryRun?: boolean; json?: boolean; region: string[]; target?: string }) => {
      const projectRoot = findProjectRoot();
      const target = await resolveTarget(projectRoot, flags.target);
      const controller = new AbortController();
      const onSignal = () => controller.abort(new Error("interrupted"));
      process.once("SIGINT", onSignal);
      const emit = (event: RollEvent) => {
        if (!flags.json && event.type === "resource") print(`${event.action} ${event.kind} ${event.id}${event.detail ? ` (${event.detail})` : ""}\n`);
      };
      try {
        const [{ collectGarbage }, { describeResource }] = await Promise.all([import("../../pipelines/gc.js"), import("../../bake/leftovers/index.js")]);
        const report = await collectGarbage(
          { clients: target.clients, stateRoot: target.stateRoot, emit, signal: controller.signal },
          { dryRun: Boolean(flags.dryRun), regions: flags.region },
        );
        print(flags.json ? `${JSON.stringify(report)}\n` : describeReport(report, describeResource));
        setExit(report.failed.length > 0 ? EXIT.external : EXIT.ok);
      } finally {
        process.off("SIGINT", onSignal);
      }
    });
}
