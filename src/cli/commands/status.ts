// roll status <app> / roll history <app>: what runs now, and what every release did.

import type { Command } from "commander";
import { describeInputs } from "../../releases/inputs.js";
import { createReleaseStore, liveVersion } from "../../releases/store.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";
import { resolveTarget, resolveStateRoot } from "../target.js";
import { parseAppName } from "../options.js";

function print(text: string): void {
  process.stdout.write(text);
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("the app's live version and its instances")
    .argument("<app>", "app name", parseAppName)
    .option("--json", 'print {"app","live","instances":[{"id","ip","version","lifecycle","health"}]}')
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, flags: { json?: boolean; target?: string }) => {
      const projectRoot = findProjectRoot();
      const target = await resolveTarget(projectRoot, flags.target);
      const state = await createReleaseStore(target.stateRoot, app).read();
      const { describeFleet } = await import("../../rollout/fleet.js");
      const byImage = new Map(state.versions.map((v) => [v.imageId, v.version]));
      const fleet = state.groupName
        ? await describeFleet(target.clients, state.groupName, (imageId) => (imageId ? byImage.get(imageId) : undefined))
        : undefined;
      const instances = (fleet?.instances ?? []).map(({ id, ip, version, lifecycle, health }) => ({ id, ip, version, lifecycle, health }));
      if (flags.json) {
        print(`${JSON.stringify({ app, live: state.live ?? null, inputs: liveVersion(state)?.inputs ?? null, group: state.groupName ?? null, instances })}\n`);
        return;
      }
      print(`${app}: live ${state.live ?? "(nothing deployed)"}${state.groupName ? `, group ${state.groupName}` : ""}\n`);
      const live = liveVersion(state);
      if (live) print(`inputs of ${live.version}: ${describeInputs(live.inputs)}\n`);
      if (instances.length > 0) {
        print(formatTable(["INSTANCE", "ADDRESS", "VERSION", "LIFECYCLE", "HEALTH"], instances.map((i) => [i.id, i.ip ?? "", i.version ?? "?", i.lifecycle, i.health])));
      }
    });

  program
    .command("history")
    .description("every deploy and rollback of the app, oldest first")
    .argument("<app>", "app name", parseAppName)
    .option("--json", 'print {"app","live","versions":[…],"history":[…]}')
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, flags: { json?: boolean; target?: string }) => {
      const projectRoot = findProjectRoot();
      // History is local state: reading it needs no cloud, so the sandbox is not started for it.
      const root = await resolveStateRoot(projectRoot, flags.target);
      const state = await createReleaseStore(root, app).read();
      if (flags.json) {
        print(`${JSON.stringify({ app, live: state.live ?? null, versions: state.versions, history: state.history })}\n`);
        return;
      }
      print(`${app}: live ${state.live ?? "(nothing deployed)"}\n`);
      print(
        formatTable(
          ["VERSION", "KIND", "OUTCOME", "ENDED", "INPUTS", "REASON"],
          state.history.map((h) => [
            h.version,
            h.kind,
            h.outcome,
            h.endedAt.replace(/\.\d+Z$/, "Z"),
            describeInputs(state.versions.find((v) => v.version === h.version)?.inputs),
            h.reason ?? "",
          ]),
        ),
      );
    });
}
