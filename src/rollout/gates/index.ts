import type { GateSpec } from "../policy.js";
import type { GateContext, GateProvider } from "../measurement.js";
import { newAlarmProvider } from "./alarm.js";
import { newAsgHealthProvider } from "./asg-health.js";
import { newCommandProvider } from "./command.js";
import { newHttpProvider } from "./http.js";
import { newTargetHealthProvider } from "./target-health.js";

export function newGateProvider(spec: GateSpec, context: GateContext): GateProvider {
  switch (spec.type) {
    case "http":
      return newHttpProvider(spec);
    case "command":
      return newCommandProvider(spec);
    case "asg-health":
      return newAsgHealthProvider(spec, context);
    case "target-health":
      return newTargetHealthProvider(spec, context);
    case "alarm":
      return newAlarmProvider(spec, context);
  }
}
