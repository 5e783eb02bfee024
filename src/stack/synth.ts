// In-process synthesis: the same cdktf App that `cdktf synth` runs, inside roll's own process, so a
// deploy needs no subprocess and no second copy of Node. The provider is loaded per resource
// submodule (launch template, group, provider): importing the package index costs seconds and
// hundreds of megabytes (see bench/synth.ts).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { RollError } from "../engine/errors.js";
import type { AppDefinition, StackInputs } from "./app.js";
import { describeStack } from "./describe-stack.js";
import { addAzurermProvider } from "./azure/provider.js";
import { addAwsProvider, type ProviderTarget } from "./provider.js";
import type { SynthesizedStack, TerraformJson } from "./synthesized.js";

export interface SynthOptions {
  /** Where `terraform apply` of the JSON should go; the sandbox gets provider endpoints. */
  target?: ProviderTarget;
  /** hashicorp/aws version constraint; default: the version the provider bindings were made from. */
  providerVersion?: string;
}

/** Adds the app's stack (provider + the app's resources) to a cdktf App. The stack is named after the app. */
export function addAppStack(cdktfApp: App, app: AppDefinition, inputs: StackInputs, options: SynthOptions = {}): TerraformStack {
  const stack = new TerraformStack(cdktfApp, app.name);
  if (app.cloud === "azure") addAzurermProvider(stack, { target: options.target, version: options.providerVersion });
  else addAwsProvider(stack, inputs.region, { target: options.target, version: options.providerVersion });
  app.stack(stack, inputs);
  return stack;
}

/** Synthesizes the app's stack in this process and returns its Terraform JSON and main resources. */
export function synthesizeApp(app: AppDefinition, inputs: StackInputs, options: SynthOptions = {}): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), "roll-synth-"));
  try {
    const { file: _file, ...stack } = writeSynth(app, inputs, outdir, options);
    return stack;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Writes the synthesized app into `outDir` with cdktf's own layout (manifest.json,
 * stacks/<app>/cdk.tf.json), so `terraform -chdir=<outDir>/stacks/<app> init` works on it.
 * Returns the synthesized stack and the path of its cdk.tf.json (`file`).
 */
export function writeSynth(
  app: AppDefinition,
  inputs: StackInputs,
  outDir: string,
  options: SynthOptions = {},
): SynthesizedStack & { file: string } {
  const { json, file } = synthTerraformJson(app, inputs, outDir, options);
  return { ...describeStack(app.name, inputs.region, json), file };
}

/** Synthesizes the app (either cloud) into `outDir` and reads back its Terraform JSON. */
export function synthTerraformJson(app: AppDefinition, inputs: StackInputs, outDir: string, options: SynthOptions = {}): { json: TerraformJson; file: string } {
  if (inputs.app !== app.name) {
    throw new RollError("invalid-inputs", `stack inputs are for app "${inputs.app}", not "${app.name}"`);
  }
  const cdktfApp = new App({ outdir: outDir });
  addAppStack(cdktfApp, app, inputs, options);
  cdktfApp.synth();
  const file = stackJsonPath(outDir, app.name);
  return { json: JSON.parse(readFileSync(file, "utf8")) as TerraformJson, file };
}

export function stackJsonPath(outDir: string, appName: string): string {
  return join(outDir, "stacks", appName, "cdk.tf.json");
}
