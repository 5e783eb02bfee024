// "Did anything change?": the new image's base and packages against another version's, as evidence.

import type { RebakeSummary } from "../engine/events.js";
import { changeCount, diffManifests, type ManifestDiff } from "./manifest.js";
import type { VersionManifest } from "./metadata.js";

export interface Comparison {
  changed: boolean;
  summary: RebakeSummary;
}

/** What is known of the version compared against: its manifest, or only its base image when it has none. */
export interface Baseline {
  version: string;
  manifest?: VersionManifest;
  baseImageId?: string;
}

export function compareWith(baseline: Baseline | undefined, next: VersionManifest): Comparison {
  const to = next.baseImage;
  const fromId = baseline?.manifest?.baseImage.id ?? baseline?.baseImageId;
  const packages: ManifestDiff = baseline?.manifest ? diffManifests(baseline.manifest.packages, next.packages) : { upgraded: [], added: [], removed: [] };
  const baseChanged = fromId !== to.id;
  const count = changeCount(packages);
  let verdict: string;
  let changed = true;
  if (!baseline) verdict = "nothing is live yet";
  else if (!baseline.manifest) verdict = `${baseline.version} has no recorded package manifest, so it cannot be shown to be the same`;
  else if (baseChanged && count > 0) verdict = `new base image and ${count} package change${count === 1 ? "" : "s"}`;
  else if (baseChanged) verdict = "new base image";
  else if (count > 0) verdict = `${count} package change${count === 1 ? "" : "s"}`;
  else {
    verdict = "up to date: same base image, same packages";
    changed = false;
  }
  return {
    changed,
    summary: {
      previous: baseline?.version,
      baked: next.version,
      baseImage: { from: fromId, to: to.id, fromName: baseline?.manifest?.baseImage.name, toName: to.name },
      packages,
      verdict,
    },
  };
}
