// Post-processors by type: checked with the provisioners before the bake creates anything, run in
// template order once the image exists. A failing one fails the bake (and so removes its image).

import { RollError, isRollError, userError } from "../../engine/errors.js";
import type { ProvisionerConfig } from "../../template/types.js";
import { FieldReader } from "../fields.js";
import { manifest } from "./manifest.js";
import { shellLocal } from "./shell-local.js";
import type { BuildArtifact, PostProcessorContext, PostProcessorKind } from "./types.js";

export type { BuildArtifact } from "./types.js";

const KINDS: Record<string, PostProcessorKind<unknown>> = {
  manifest: manifest as PostProcessorKind<unknown>,
  "shell-local": shellLocal as PostProcessorKind<unknown>,
};

export interface PreparedPostProcessor {
  type: string;
  block: ProvisionerConfig;
  kind: PostProcessorKind<unknown>;
  config: unknown;
}

export function preparePostProcessors(blocks: ProvisionerConfig[], templateRoot: string): PreparedPostProcessor[] {
  return blocks.map((block) => {
    const kind = KINDS[block.type];
    if (!kind) {
      throw userError(
        "unknown-post-processor",
        `roll cannot run post-processor "${block.type}" yet; it runs ${Object.keys(KINDS).map((k) => `"${k}"`).join(", ")}`,
        { file: block.position.file, line: block.position.line, column: block.position.column },
      );
    }
    const fields = new FieldReader(block, `post-processor "${block.type}"`);
    fields.rejectUnknown(kind.fields);
    return { type: block.type, block, kind, config: kind.parse(fields, templateRoot) };
  });
}

export async function runPostProcessors(list: PreparedPostProcessor[], artifact: BuildArtifact, ctx: PostProcessorContext): Promise<void> {
  for (const p of list) {
    try {
      await p.kind.run(p.config, artifact, ctx);
    } catch (error) {
      if (ctx.signal.aborted || (isRollError(error) && error.code === "cancelled")) throw error;
      throw new RollError("post-processor-failed", `post-processor "${p.type}" at line ${p.block.position.line} failed: ${(error as Error).message}`, {
        fault: isRollError(error) ? error.fault : "external",
        cause: error,
        location: { file: p.block.position.file, line: p.block.position.line, column: p.block.position.column },
      });
    }
  }
}
