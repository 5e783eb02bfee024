export { prepareProvisioner, prepareProvisioners, provisionersFor, type PreparedProvisioner } from "./prepare.js";
export { runProvisioner, runProvisioners } from "./run.js";
export { PROVISIONER_KINDS } from "./registry.js";
export type { ProvisionerKind, ProvisionerRunContext } from "./types.js";
