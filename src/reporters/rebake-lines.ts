// A rebake's evidence in words, once for every reporter (plain lines, the Ink view, `rebake --all`):
// the verdict with the base image, then the package changes one per line, the longest lists cut short
// (the full diff is in the --json record and in `roll diff`).

import type { RebakeSummary } from "../engine/events.js";

/** Package lines shown before "… N more". */
export const PACKAGE_LINES = 12;

export function describeRebakeVerdict(summary: RebakeSummary): string {
  const { upgraded, added, removed } = summary.packages;
  const { baseImage } = summary;
  const base =
    baseImage.from === baseImage.to
      ? `base ${baseImage.toName ?? baseImage.to} unchanged`
      : `base ${baseImage.fromName ?? baseImage.from ?? "(unknown)"} -> ${baseImage.toName ?? baseImage.to}`;
  return `rebake ${summary.baked ?? ""} vs ${summary.previous ?? "nothing live"}: ${summary.verdict}; ${base}; packages ${upgraded.length} upgraded, ${added.length} added, ${removed.length} removed`;
}

/** "upgraded openssl 3.0.11-1~deb12u2 -> 3.0.11-1~deb12u3", "added roll-hotfix 1.0 (all)", … */
export function describePackageChanges(packages: RebakeSummary["packages"], limit = PACKAGE_LINES): string[] {
  // Added and removed packages first: rarer than upgrades, and more telling.
  const lines = [
    ...packages.added.map((p) => `added ${p.name} ${p.version}${p.arch ? ` (${p.arch})` : ""}`),
    ...packages.removed.map((p) => `removed ${p.name} ${p.version}${p.arch ? ` (${p.arch})` : ""}`),
    ...packages.upgraded.map((p) => `upgraded ${p.name} ${p.from} -> ${p.to}`),
  ];
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, limit - 1), `… ${lines.length - (limit - 1)} more (roll diff shows all)`];
}

/** The verdict, then the package changes indented under it. */
export function rebakeLines(summary: RebakeSummary, limit = PACKAGE_LINES): string[] {
  return [describeRebakeVerdict(summary), ...describePackageChanges(summary.packages, limit).map((line) => `  ${line}`)];
}
