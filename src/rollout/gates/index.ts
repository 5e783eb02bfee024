import type { GateSpec } from "../policy.js";
import type { GateProvider } from "../measurement.js";
import { newCommandProvider } from "./command.js";
import { newHttpProvider } from "./http.js";

export function newGateProvider(spec: GateSpec): GateProvider {
  switch (spec.type) {
    case "http":
      return newHttpProvider(spec);
    case "command":
      return newCommandProvider(spec);
  }
}
