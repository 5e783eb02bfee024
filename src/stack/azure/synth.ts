// In-process synthesis of an Azure app (the same cdktf App `cdktf synth` runs), returning the
// Terraform JSON and the scale set a rollout works on.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppDefinition, StackInputs } from "../app.js";
import { synthTerraformJson, type SynthOptions } from "../synth.js";
import { describeScaleSetStack, type ScaleSetStack } from "./describe.js";

export function writeScaleSetSynth(app: AppDefinition, inputs: StackInputs, outDir: string, options: SynthOptions = {}): ScaleSetStack & { file: string } {
  const { json, file } = synthTerraformJson(app, inputs, outDir, options);
  return { ...describeScaleSetStack(app.name, inputs.region, json), file };
}

export function synthesizeScaleSetApp(app: AppDefinition, inputs: StackInputs, options: SynthOptions = {}): ScaleSetStack {
  const outdir = mkdtempSync(join(tmpdir(), "roll-synth-"));
  try {
    const { file: _file, ...stack } = writeScaleSetSynth(app, inputs, outdir, options);
    return stack;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
