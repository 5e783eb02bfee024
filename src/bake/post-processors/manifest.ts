// post-processor "manifest": Packer's JSON record of what a build produced, appended to the file
// (default packer-manifest.json in the working directory) so that a chain of runs accumulates:
//   {"builds":[{"name","builder_type","build_time","files","artifact_id","packer_run_uuid","custom_data"}],"last_run_uuid"}
// Values of sensitive variables are redacted before the file is written.

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { writeFileAtomic } from "../../releases/atomic-file.js";
import type { FieldReader } from "../fields.js";
import { artifactId, type BuildArtifact, type PostProcessorContext, type PostProcessorKind } from "./types.js";

export interface ManifestConfig {
  output: string;
  stripTime: boolean;
  customData: Record<string, string>;
}

interface ManifestBuild {
  name: string;
  builder_type: string;
  build_time?: number;
  files: null;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: Record<string, string> | null;
}

interface ManifestFile {
  builds: ManifestBuild[];
  last_run_uuid: string;
}

async function readExisting(path: string): Promise<ManifestBuild[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ManifestFile>;
    return Array.isArray(parsed.builds) ? parsed.builds : [];
  } catch (error) {
    throw new Error(`manifest ${path} exists but is not JSON (${(error as Error).message}); move it away or set "output"`);
  }
}

export const manifest: PostProcessorKind<ManifestConfig> = {
  fields: ["output", "strip_path", "strip_time", "custom_data", "name", "keep_input_artifact"],

  parse(fields: FieldReader): ManifestConfig {
    fields.bool("strip_path"); // AMIs have no files: nothing to strip.
    fields.bool("keep_input_artifact");
    fields.string("name");
    const output = fields.string("output") || "packer-manifest.json";
    return { output, stripTime: fields.bool("strip_time"), customData: fields.stringMap("custom_data") ?? {} };
  },

  async run(config: ManifestConfig, artifact: BuildArtifact, ctx: PostProcessorContext): Promise<void> {
    const path = resolve(config.output);
    const build: ManifestBuild = {
      name: artifact.buildName,
      builder_type: artifact.builderType,
      ...(config.stripTime ? {} : { build_time: artifact.buildTime }),
      files: null,
      artifact_id: artifactId(artifact),
      packer_run_uuid: artifact.runUuid,
      custom_data: Object.keys(config.customData).length > 0 ? config.customData : null,
    };
    const content: ManifestFile = { builds: [...(await readExisting(path)), build], last_run_uuid: artifact.runUuid };
    await writeFileAtomic(path, ctx.redact(`${JSON.stringify(content, null, 2)}\n`));
    ctx.emit({ type: "log", level: "info", message: `manifest: wrote ${config.output} (${build.artifact_id})` });
  },
};
