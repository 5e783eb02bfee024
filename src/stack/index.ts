// The stack layer's public face. App files in stacks/ import from here only, so that replacing cdktf
// (deprecated by its vendor) with its community fork stays the work of this one folder.

export { defineApp } from "./app.js";
export type { AppDefinition, StackInputs } from "./app.js";
export type { RolloutPolicy, GateSpec, HttpGate, CommandGate, AssessmentLimits } from "../rollout/policy.js";
export { AsgService, resourceNames } from "./asg-service.js";
export { ROLL_OUTPUTS } from "./roll-outputs.js";
export type { AsgServiceProps } from "./asg-service.js";
export { ScaleSetService } from "./azure/scale-set-service.js";
export type { ScaleSetServiceProps, RollingUpgradeSettings, ScaleSetHealth } from "./azure/vmss-props.js";
export { scaleSetNames, AZURE_OUTPUTS } from "./azure/names.js";
export { synthesizeScaleSetApp, writeScaleSetSynth } from "./azure/synth.js";
export type { ScaleSetStack } from "./azure/describe.js";
export type { Construct } from "constructs";

export { synthesizeApp, writeSynth, stackJsonPath } from "./synth.js";
export type { SynthOptions } from "./synth.js";
export type { ProviderTarget } from "./provider.js";
export type { SynthesizedStack, StackResource, TerraformJson } from "./synthesized.js";
export { loadApp, listApps } from "./load-app.js";
export { synthesizeProjectForCdktf } from "./cdktf-entry.js";
export type { CdktfEntryOptions } from "./cdktf-entry.js";
