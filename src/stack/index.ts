// What app files in stacks/ may use. They import from here only, so that replacing cdktf (deprecated by
// its vendor) with its community fork stays the work of this one folder.

export { defineApp } from "./app.js";
export type { AppDefinition, StackInputs } from "./app.js";
export type { RolloutPolicy, GateSpec, HttpGate, CommandGate, AssessmentLimits } from "../rollout/policy.js";
export { AsgService, resourceNames } from "./asg-service.js";
export type { AsgServiceProps } from "./asg-service.js";
export { synthesizeProjectForCdktf } from "./cdktf-entry.js";
export type { Construct } from "constructs";
