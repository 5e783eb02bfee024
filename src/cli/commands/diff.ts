// roll diff <app> vA vB: base image and package changes between two versions (from their manifests).

import type { Command } from "commander";
import { parseAppName, parseVersion } from "../options.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";
import { resolveStateRoot } from "../target.js";

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description("what changed between two versions: base image and packages (upgraded, added, removed)")
    .argument("<app>", "app name", parseAppName)
    .argument("<from>", "vN", parseVersion)
    .argument("<to>", "vN", parseVersion)
    .option("--json", 'print {"app","from","to","baseImage","packages":{"upgraded","added","removed"}}')
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, from: string, to: string, flags: { json?: boolean; target?: string }) => {
      const projectRoot = findProjectRoot();
      // Manifests are local state: no cloud needed.
      const root = await resolveStateRoot(projectRoot, flags.target);
      const { diffVersions } = await import("../../rebake/version-diff.js");
      const diff = await diffVersions(root, app, from, to);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ app, from, to, baseImage: diff.baseImage, packages: diff.packages })}\n`);
        return;
      }
      const { baseImage, packages } = diff;
      const out: string[] = [`${app} ${from} -> ${to}: ${diff.verdict}`];
      out.push(
        baseImage.from === baseImage.to
          ? `base image: ${baseImage.toName ?? baseImage.to} (unchanged)`
          : `base image: ${baseImage.fromName ?? baseImage.from} (${baseImage.from}) -> ${baseImage.toName ?? baseImage.to} (${baseImage.to})`,
      );
      const rows = [
        ...packages.upgraded.map((p) => ["upgraded", p.name, p.arch, p.from, p.to]),
        ...packages.added.map((p) => ["added", p.name, p.arch, "", p.version]),
        ...packages.removed.map((p) => ["removed", p.name, p.arch, p.version, ""]),
      ];
      process.stdout.write(`${out.join("\n")}\n`);
      if (rows.length > 0) process.stdout.write(formatTable(["CHANGE", "PACKAGE", "ARCH", "FROM", "TO"], rows));
    });
}
