// ELBv2 targets: RegisterTargets, DeregisterTargets, DescribeTargetHealth. Health itself is measured by
// the reconcile loop (model/health-checks.ts); these calls only change and report registrations.

import { isIP } from "node:net";
import { deregisterTarget, healthCheckPort, registerTarget, requireTargetGroup } from "../../model/target-groups.js";
import type { TargetGroupRecord, TargetRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { ApiContext, QueryHandler } from "../context.js";
import { checkTargetGroupArn } from "./common.js";

const MAX_TARGETS = 1000;

interface TargetRef {
  id: string;
  port: number;
}

function groupOf(ctx: ApiContext): TargetGroupRecord {
  return requireTargetGroup(ctx.cloud, ctx.region, checkTargetGroupArn(ctx.params.required("TargetGroupArn")));
}

/** `Targets.member.N.Id|Port`, each a known instance (or an IPv4 address for ip groups). */
function targetsOf(ctx: ApiContext, group: TargetGroupRecord, required: boolean): TargetRef[] {
  const entries = ctx.params.list("Targets");
  if (required && entries.length === 0) throw new ApiError("ValidationError", "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
  const refs = entries.map((entry) => {
    const id = entry.required("Id");
    const port = entry.int("Port") ?? group.port;
    if (port < 1 || port > 65535) throw new ApiError("ValidationError", `1 validation error detected: Value '${port}' at 'targets.port' failed to satisfy constraint: Member must have value between 1 and 65535`);
    return { id, port };
  });
  const invalid = refs.filter((ref) => {
    if (group.targetType === "ip") return isIP(ref.id) !== 4;
    const instance = ctx.cloud.state.instances[ref.id];
    return !instance || instance.region !== ctx.region;
  });
  if (invalid.length > 0) {
    const list = invalid.map((ref) => `'${ref.id}'`).join(", ");
    throw new ApiError("InvalidTarget", group.targetType === "ip" ? `The following targets are not valid IP addresses: ${list}` : `The following targets are not valid instances: ${list}`);
  }
  return refs;
}

const registerTargets: QueryHandler = (ctx) => {
  const group = groupOf(ctx);
  const refs = targetsOf(ctx, group, true);
  if (group.targetType === "instance") {
    const notRunning = refs.filter((ref) => !["pending", "running"].includes(ctx.cloud.state.instances[ref.id]!.state));
    if (notRunning.length > 0) {
      throw new ApiError("InvalidTarget", `The following targets are not in a running state and cannot be registered: ${notRunning.map((r) => `'${r.id}'`).join(", ")}`);
    }
  }
  if (new Set([...group.targets.map((t) => `${t.id}:${t.port}`), ...refs.map((r) => `${r.id}:${r.port}`)]).size > MAX_TARGETS) {
    throw new ApiError("TooManyTargets", `You have reached the limit on the number of targets (${MAX_TARGETS}) for this target group`);
  }
  for (const ref of refs) registerTarget(ctx.cloud, group, ref.id, ref.port);
  return {};
};

const deregisterTargets: QueryHandler = (ctx) => {
  const group = groupOf(ctx);
  for (const ref of targetsOf(ctx, group, true)) {
    const target = group.targets.find((t) => t.id === ref.id && t.port === ref.port);
    if (target) deregisterTarget(ctx.cloud, group, target);
  }
  return {};
};

function healthXml(group: TargetGroupRecord, target: TargetRecord) {
  return {
    Target: { Id: target.id, Port: target.port },
    HealthCheckPort: String(healthCheckPort(group, target)),
    TargetHealth: { State: target.state, Reason: target.reason, Description: target.description },
  };
}

const describeTargetHealth: QueryHandler = (ctx) => {
  const group = groupOf(ctx);
  const refs = targetsOf(ctx, group, false);
  const rows = refs.length === 0
    ? group.targets.map((target) => healthXml(group, target))
    : refs.map((ref) => {
        const target = group.targets.find((t) => t.id === ref.id && t.port === ref.port);
        if (target) return healthXml(group, target);
        return {
          Target: { Id: ref.id, Port: ref.port },
          HealthCheckPort: String(group.healthCheck.port === "traffic-port" ? ref.port : group.healthCheck.port),
          TargetHealth: { State: "unused", Reason: "Target.NotRegistered", Description: "Target is not registered to the target group" },
        };
      });
  return { TargetHealthDescriptions: rows };
};

export const targetHandlers: Record<string, QueryHandler> = {
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
  DescribeTargetHealth: describeTargetHealth,
};
