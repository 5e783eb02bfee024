// The infrastructure layer's public face: the port and its implementations.

export type {
  InfraPort,
  Plan,
  ResourceChange,
  ChangeAction,
  ApplyResult,
  ApplyOptions,
  AppliedChange,
  InfraMessage,
  InfraOptions,
  StackOutputs,
} from "./port.js";
export { createDirectApplier } from "./direct/applier.js";
export type { DirectApplierOptions } from "./direct/applier.js";
export { createTerraformInfra } from "./terraform/index.js";
export type { TerraformInfraOptions, BackendConfig } from "./terraform/index.js";
export { createInfra, parseInfraChoice, infraSynthOptions, infraName, checkInfraChoice, INFRA_HELP, terraformLocation, FALLBACK_NOTICE } from "./choice.js";
export type { InfraChoice, InfraKind } from "./choice.js";
export type { CommandRecord } from "./terraform/adapter.js";
export { createCommandStats } from "./command-stats.js";
export type { CommandStats, TerraformFigures } from "./command-stats.js";
