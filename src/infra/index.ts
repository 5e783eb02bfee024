// The infrastructure layer's public face: the port and its implementations.

export type { InfraPort, Plan, ResourceChange, ChangeAction, ApplyResult, ApplyOptions, AppliedChange, InfraOptions, StackOutputs } from "./port.js";
export { createDirectApplier } from "./direct/applier.js";
export type { DirectApplierOptions } from "./direct/applier.js";
