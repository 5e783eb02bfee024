// What a post-processor is: a configuration checked before the bake starts, and a run once the image
// exists. Both kinds roll implements (manifest, shell-local) pass the image on unchanged, so
// keep_input_artifact has nothing to decide (Packer forces it for them too).

import type { EventSink } from "../../engine/events.js";
import type { Redactor } from "../../engine/redact.js";
import type { FieldReader } from "../fields.js";

/** The image a build produced, as post-processors see it. */
export interface BuildArtifact {
  /** The source's name (PACKER_BUILD_NAME), e.g. "demo". */
  buildName: string;
  builderType: string;
  /** Image id by region: the build region first, then copies. */
  images: Record<string, string>;
  /** One id per bake, Packer's packer_run_uuid. */
  runUuid: string;
  /** Unix seconds at which the build started. */
  buildTime: number;
}

export interface PostProcessorContext {
  templateRoot: string;
  signal: AbortSignal;
  emit: EventSink;
  redact: Redactor;
}

export interface PostProcessorKind<C> {
  readonly fields: readonly string[];
  parse(fields: FieldReader, templateRoot: string): C;
  run(config: C, artifact: BuildArtifact, ctx: PostProcessorContext): Promise<void>;
}

/** Packer's artifact id for AMIs: "region:ami-…" pairs, sorted by region, joined with commas. */
export function artifactId(artifact: BuildArtifact): string {
  return Object.entries(artifact.images)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, imageId]) => `${region}:${imageId}`)
    .join(",");
}
