// The Terraform/OpenTofu implementation of the infrastructure port.

export { createTerraformInfra } from "./adapter.js";
export type { TerraformInfraOptions } from "./adapter.js";
export type { BackendConfig } from "./backend.js";
export { findTerraformBinary } from "./binary.js";
export type { TerraformBinary } from "./binary.js";
export { parseUiLine, createUiStreamReader, checkUiVersion, SUPPORTED_UI_MAJOR } from "./ui-stream.js";
export type { UiMessage } from "./ui-messages.js";
