// ELBv2 target groups: lookup, registration and the target health state machine (initial -> healthy /
// unhealthy by consecutive checks against the thresholds, draining for the deregistration delay).
// The sandbox has no load balancers: every target group behaves as if a load balancer used it, so its
// targets are health-checked instead of reported `unused` (Target.NotInUse).

import { ApiError } from "../wire/errors.js";
import type { Cloud } from "./cloud.js";
import type { InstanceRecord, TargetGroupRecord, TargetHealthState, TargetRecord } from "./types.js";

export const TARGET_GROUP_NOT_FOUND = "One or more target groups not found";

export function findTargetGroup(cloud: Cloud, region: string, arn: string): TargetGroupRecord | undefined {
  const group = cloud.state.targetGroups[arn];
  return group && group.region === region ? group : undefined;
}

export function requireTargetGroup(cloud: Cloud, region: string, arn: string): TargetGroupRecord {
  const group = findTargetGroup(cloud, region, arn);
  if (!group) throw new ApiError("TargetGroupNotFound", TARGET_GROUP_NOT_FOUND);
  return group;
}

export function setTargetState(target: TargetRecord, state: TargetHealthState, reason?: string, description?: string): void {
  if (target.state !== state) {
    target.passed = 0;
    target.failed = 0;
  }
  target.state = state;
  target.reason = reason;
  target.description = description;
}

/** Registers (or re-registers a draining) target; a target already registered is left as it is. */
export function registerTarget(cloud: Cloud, group: TargetGroupRecord, id: string, port: number): void {
  const existing = group.targets.find((t) => t.id === id && t.port === port);
  if (existing && existing.state !== "draining") return;
  const target: TargetRecord = existing ?? { id, port, state: "initial", passed: 0, failed: 0, registeredAt: cloud.now() };
  if (!existing) group.targets.push(target);
  target.registeredAt = cloud.now();
  target.drainingUntil = undefined;
  target.lastCheckAt = undefined;
  setTargetState(target, "initial", "Elb.RegistrationInProgress", "Target registration is in progress");
  cloud.changed();
}

/** Starts draining a registered target; it disappears after the deregistration delay. */
export function deregisterTarget(cloud: Cloud, group: TargetGroupRecord, target: TargetRecord): void {
  if (target.state === "draining") return;
  setTargetState(target, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
  target.drainingUntil = cloud.now() + group.deregistrationDelaySeconds * cloud.timing.apiSecondMs;
  cloud.changed();
}

/** The address a target is checked at, or why it cannot be. */
export function targetAddress(cloud: Cloud, group: TargetGroupRecord, target: TargetRecord): { ip: string; instance?: InstanceRecord } | undefined {
  if (group.targetType === "ip") return { ip: target.id };
  const instance = cloud.state.instances[target.id];
  return instance ? { ip: instance.ip, instance } : undefined;
}

export function healthCheckPort(group: TargetGroupRecord, target: TargetRecord): number {
  return group.healthCheck.port === "traffic-port" ? target.port : Number(group.healthCheck.port);
}

/** Whether an HTTP status matches a matcher such as "200", "200,202" or "200-299". */
export function matchesHttpCode(matcher: string, status: number): boolean {
  return matcher.split(",").some((part) => {
    const [low, high] = part.trim().split("-").map(Number);
    return high === undefined ? status === low : status >= low! && status <= high;
  });
}

export function validMatcher(matcher: string): boolean {
  return matcher.split(",").every((part) => {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
    if (!m) return false;
    const low = Number(m[1]);
    const high = m[2] !== undefined ? Number(m[2]) : low;
    return low >= 200 && high <= 499 && low <= high;
  });
}
