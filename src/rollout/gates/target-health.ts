// The target-health gate: ELBv2's health checks of the new instances.

import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { TargetHealthGate } from "../policy.js";
import type { GateContext, GateProvider, Measurement } from "../measurement.js";

export function newTargetHealthProvider(spec: TargetHealthGate, context: GateContext): GateProvider {
  const name = "target-health";
  return {
    name,
    intervalMs: (spec.intervalSeconds ?? 5) * 1000,
    async measure(targets) {
      const at = Date.now();
      const arns = spec.targetGroupArn ? [spec.targetGroupArn] : await context.targetGroupArns();
      if (arns.length === 0) {
        return targets.map((t) => ({ gate: name, target: t.id, status: "Error" as const, message: "the group has no target group", at }));
      }
      const measurements: Measurement[] = [];
      for (const arn of arns) {
        try {
          const answer = await context.clients
            .elbv2()
            .send(new DescribeTargetHealthCommand({ TargetGroupArn: arn, Targets: targets.map((t) => ({ Id: t.id })) }));
          for (const description of answer.TargetHealthDescriptions ?? []) {
            const state = description.TargetHealth?.State ?? "unknown";
            const reason = description.TargetHealth?.Description ?? description.TargetHealth?.Reason;
            const status = state === "healthy" ? "Successful" : state === "unhealthy" ? "Failed" : "Inconclusive";
            measurements.push({ gate: name, target: description.Target?.Id ?? "?", status, value: state, message: reason, at });
          }
        } catch (error) {
          for (const t of targets) measurements.push({ gate: name, target: t.id, status: "Error", message: (error as Error).message, at });
        }
      }
      return measurements;
    },
  };
}
