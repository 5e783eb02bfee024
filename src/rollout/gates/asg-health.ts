// The asg-health gate: what Auto Scaling itself says of each new instance.

import { DescribeAutoScalingInstancesCommand } from "@aws-sdk/client-auto-scaling";
import type { AsgHealthGate } from "../policy.js";
import type { GateContext, GateProvider, Measurement } from "../measurement.js";

export function newAsgHealthProvider(spec: AsgHealthGate, context: GateContext): GateProvider {
  const name = "asg-health";
  return {
    name,
    intervalMs: (spec.intervalSeconds ?? 2) * 1000,
    async measure(targets) {
      const at = Date.now();
      try {
        const answer = await context.clients
          .autoscaling()
          .send(new DescribeAutoScalingInstancesCommand({ InstanceIds: targets.map((t) => t.id) }));
        const byId = new Map((answer.AutoScalingInstances ?? []).map((i) => [i.InstanceId, i]));
        return targets.map((target): Measurement => {
          const instance = byId.get(target.id);
          if (!instance) return { gate: name, target: target.id, status: "Failed", value: "not in the group", at };
          const value = `${instance.LifecycleState} ${instance.HealthStatus}`;
          if (instance.HealthStatus?.toUpperCase() === "UNHEALTHY") return { gate: name, target: target.id, status: "Failed", value, at };
          if (instance.LifecycleState !== "InService") return { gate: name, target: target.id, status: "Inconclusive", value, at };
          return { gate: name, target: target.id, status: "Successful", value, at };
        });
      } catch (error) {
        return targets.map((t) => ({ gate: name, target: t.id, status: "Error" as const, message: (error as Error).message, at }));
      }
    },
  };
}
