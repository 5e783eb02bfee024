// roll diff <app> vA vB: the same evidence a rebake reports, for any two versions with manifests.

import { userError } from "../engine/errors.js";
import type { RebakeSummary } from "../engine/events.js";
import { compareWith } from "./compare.js";
import { manifestVersions, readVersionManifest } from "./metadata.js";

export async function diffVersions(stateRoot: string, app: string, from: string, to: string): Promise<RebakeSummary> {
  const [a, b] = await Promise.all([readVersionManifest(stateRoot, app, from), readVersionManifest(stateRoot, app, to)]);
  for (const [version, manifest] of [[from, a], [to, b]] as const) {
    if (!manifest) {
      const known = (await manifestVersions(stateRoot, app)).join(", ") || "none";
      throw userError("no-manifest", `${app} ${version} has no package manifest (versions with one: ${known})`, undefined, "manifests are recorded by `roll rebake`");
    }
  }
  const { summary } = compareWith({ version: from, manifest: a }, b!);
  const count = summary.packages.upgraded.length + summary.packages.added.length + summary.packages.removed.length;
  const base = summary.baseImage.from === summary.baseImage.to ? "same base image" : "different base image";
  return { ...summary, verdict: `${base}, ${count} package change${count === 1 ? "" : "s"}` };
}
