// The sandbox's public entry: what roll (or any other client) needs to start, find, configure and stop
// the local cloud. The server itself (`@roll/sandbox/server`) is a separate entry so that a command that
// only asks for the sandbox's status does not load the whole cloud model.

export {
  defaultSandboxDir,
  sandboxDown,
  sandboxEnv,
  sandboxReset,
  sandboxStatus,
  sandboxUp,
  type SandboxInfo,
  type SandboxStatus,
  type SandboxUpOptions,
} from "./control.js";
export { getFaults, publishBase, setFaults } from "./faults/client.js";
export { faultsFromFlags, faultsFromJson, type FaultFlags } from "./faults/parse.js";
export type { FaultSettings } from "./faults/types.js";
