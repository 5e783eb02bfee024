// The target groups' HTTP health checks, really performed: every HealthCheckIntervalSeconds (API
// seconds, scaled by the timing) each registered target gets a GET on its address and health-check
// port; HealthyThresholdCount consecutive passes make it healthy, UnhealthyThresholdCount consecutive
// failures unhealthy, with the Reason codes the ELB documentation lists.

import { request } from "node:http";
import type { Cloud } from "./cloud.js";
import { healthCheckPort, matchesHttpCode, setTargetState, targetAddress } from "./target-groups.js";
import type { TargetGroupRecord, TargetRecord } from "./types.js";

/**
 * A floor for the check timeout: timing scaled down for tests would otherwise give loopback requests
 * a few milliseconds, and a busy machine would report healthy targets as timing out.
 */
const MIN_TIMEOUT_MS = 500;

type Outcome = { ok: true } | { ok: false; reason: string; description: string };

const inFlight = new WeakMap<Cloud, Set<TargetRecord>>();

function probe(ip: string, port: number, path: string, matcher: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = request({ host: ip, port, path, method: "GET", timeout: timeoutMs, headers: { "user-agent": "ELB-HealthChecker/2.0", connection: "close" } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on("end", () => undefined);
      done(matchesHttpCode(matcher, status) ? { ok: true } : { ok: false, reason: "Target.ResponseCodeMismatch", description: `Health checks failed with these codes: [${status}]` });
    });
    req.on("timeout", () => {
      done({ ok: false, reason: "Target.Timeout", description: "Request timed out" });
      req.destroy();
    });
    req.on("error", () => done({ ok: false, reason: "Target.FailedHealthChecks", description: "Health checks failed" }));
    req.end();
  });
}

function applyOutcome(cloud: Cloud, group: TargetGroupRecord, target: TargetRecord, outcome: Outcome): void {
  if (target.state === "draining" || target.state === "unused" || !group.targets.includes(target)) return;
  const hc = group.healthCheck;
  const before = `${target.state}/${target.reason ?? ""}`;
  if (outcome.ok) {
    target.failed = 0;
    target.passed++;
    if (target.state !== "healthy" && target.passed >= hc.healthyThreshold) setTargetState(target, "healthy");
    else if (target.state === "initial") {
      target.reason = "Elb.InitialHealthChecking";
      target.description = "Initial health checks in progress";
    }
  } else {
    target.passed = 0;
    target.failed++;
    if (target.state === "unhealthy") {
      target.reason = outcome.reason;
      target.description = outcome.description;
    } else if (target.failed >= hc.unhealthyThreshold) {
      setTargetState(target, "unhealthy", outcome.reason, outcome.description);
    } else if (target.state === "initial") {
      target.reason = "Elb.InitialHealthChecking";
      target.description = "Initial health checks in progress";
    }
  }
  if (`${target.state}/${target.reason ?? ""}` !== before) cloud.changed();
}

function checkTarget(cloud: Cloud, group: TargetGroupRecord, target: TargetRecord): void {
  const now = cloud.now();
  if (target.state === "draining") {
    if (target.drainingUntil === undefined || now >= target.drainingUntil) {
      group.targets.splice(group.targets.indexOf(target), 1);
      cloud.changed();
    }
    return;
  }
  const address = targetAddress(cloud, group, target);
  const instance = address?.instance;
  if (group.targetType === "instance") {
    if (!instance || instance.state === "terminated") {
      // ELB deregisters terminated instances on its own.
      setTargetState(target, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
      target.drainingUntil = now + group.deregistrationDelaySeconds * cloud.timing.apiSecondMs;
      cloud.changed();
      return;
    }
    if (instance.state !== "running" && instance.state !== "pending") {
      if (target.state !== "unused") {
        setTargetState(target, "unused", "Target.InvalidState", `Target is in the ${instance.state} state`);
        cloud.changed();
      }
      return;
    }
    if (instance.state === "pending") return;
    if (target.state === "unused") {
      setTargetState(target, "initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
      cloud.changed();
    }
  }
  if (!group.healthCheck.enabled) {
    if (target.state !== "unavailable") {
      setTargetState(target, "unavailable", "Target.HealthCheckDisabled", "Health checks are disabled");
      cloud.changed();
    }
    return;
  }
  const running = inFlight.get(cloud) ?? new Set<TargetRecord>();
  inFlight.set(cloud, running);
  const intervalMs = group.healthCheck.intervalSeconds * cloud.timing.apiSecondMs;
  if (running.has(target) || (target.lastCheckAt !== undefined && now - target.lastCheckAt < intervalMs) || !address) return;
  target.lastCheckAt = now;
  running.add(target);
  const hc = group.healthCheck;
  const timeoutMs = Math.max(MIN_TIMEOUT_MS, hc.timeoutSeconds * cloud.timing.apiSecondMs);
  void probe(address.ip, healthCheckPort(group, target), hc.path, hc.matcher, timeoutMs)
    .then((outcome) => applyOutcome(cloud, group, target, outcome))
    .catch((error: unknown) => cloud.log(`health check of ${target.id} failed: ${String(error)}`))
    .finally(() => running.delete(target));
}

/** One step for every target of every target group. */
export function reconcileTargetGroups(cloud: Cloud): void {
  for (const group of Object.values(cloud.state.targetGroups)) {
    for (const target of [...group.targets]) checkTarget(cloud, group, target);
  }
}
