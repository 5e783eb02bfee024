// The sandbox's instance runtime: instances are confined local processes with their own loopback
// address and SSH endpoint. See types.ts for the contract the cloud model uses.

export { createRuntime, type RuntimeOptions } from "./runtime.js";
export type { InstanceExit, InstanceRuntime, LaunchSpec, RunningInstance } from "./types.js";
