// Recorded-style event sequences for the reporter tests (and the tmux demo): what the engine emits
// for a deploy of demo v3 that succeeds, and one whose HTTP gate fails and rolls back to v2.

import type { RollEvent, TimedEvent } from "../../src/engine/events.js";

const START = Date.parse("2025-11-27T10:00:00.000Z");

function at(seconds: number, event: RollEvent): TimedEvent {
  return { ...event, time: new Date(START + seconds * 1000).toISOString() };
}

const oldInstances = [
  { id: "i-0aaa000000000001", ip: "127.0.1.11", version: "v2", lifecycle: "InService", health: "Healthy" },
  { id: "i-0aaa000000000002", ip: "127.0.1.12", version: "v2", lifecycle: "InService", health: "Healthy" },
];

function commonStart(): TimedEvent[] {
  return [
    at(0, { type: "phase-start", phase: "lock", title: "locking app demo" }),
    at(0.1, { type: "phase-end", phase: "lock", status: "ok", durationMs: 100 }),
    at(0.1, { type: "phase-start", phase: "template", title: "evaluating templates/demo.pkr.hcl" }),
    at(0.4, { type: "phase-end", phase: "template", status: "ok", durationMs: 300 }),
    at(0.4, { type: "phase-start", phase: "bake", title: "baking demo v3" }),
    at(0.6, { type: "resource", action: "created", kind: "key-pair", id: "roll-demo-tmp-4f2a" }),
    at(0.8, { type: "resource", action: "created", kind: "instance", id: "i-0b4e000000000009", detail: "builder" }),
    at(1.5, { type: "log", level: "info", message: "waiting for SSH on 127.0.2.9:22" }),
    at(2.0, { type: "provisioner", index: 0, provisioner: "shell", status: "start" }),
    at(2.1, { type: "output", stream: "stdout", line: "Installing demo-server 3.0.0" }),
    at(2.4, { type: "output", stream: "stdout", line: "Writing /etc/demo/config.json" }),
    at(2.6, { type: "output", stream: "stderr", line: "warning: config key 'legacy' is deprecated" }),
    at(3.0, { type: "provisioner", index: 0, provisioner: "shell", status: "ok", durationMs: 1000 }),
    at(3.5, { type: "image", version: "v3", imageId: "ami-0c3d000000000003", reused: false }),
    at(3.7, { type: "resource", action: "deleted", kind: "instance", id: "i-0b4e000000000009" }),
    at(3.8, { type: "resource", action: "deleted", kind: "key-pair", id: "roll-demo-tmp-4f2a" }),
    at(3.8, { type: "phase-end", phase: "bake", status: "ok", durationMs: 3400 }),
    at(3.8, { type: "phase-start", phase: "synth", title: "synthesizing stacks/demo.ts" }),
    at(4.6, { type: "phase-end", phase: "synth", status: "ok", durationMs: 800 }),
    at(4.6, { type: "phase-start", phase: "apply", title: "launch template lt-0demo version 3 (group stays on version 2)" }),
    at(5.0, { type: "phase-end", phase: "apply", status: "ok", durationMs: 400 }),
    at(5.0, { type: "phase-start", phase: "refresh", title: "instance refresh of demo-asg to launch template version 3" }),
    at(5.1, { type: "instances", instances: oldInstances }),
    at(5.2, { type: "refresh", refreshId: "ir-7f00", status: "Pending", percentage: 0, instancesToUpdate: 2 }),
    at(6.2, { type: "refresh", refreshId: "ir-7f00", status: "InProgress", percentage: 0, instancesToUpdate: 2 }),
    at(7.2, { type: "refresh", refreshId: "ir-7f00", status: "InProgress", percentage: 0, instancesToUpdate: 2 }),
    at(8.0, {
      type: "instances",
      instances: [
        { id: "i-0ccc000000000003", ip: "127.0.1.13", version: "v3", lifecycle: "InService", health: "Healthy" },
        oldInstances[1]!,
      ],
    }),
    at(8.1, { type: "phase-start", phase: "gates", title: "http /healthz on new instances" }),
    at(8.2, { type: "refresh", refreshId: "ir-7f00", status: "InProgress", percentage: 50, instancesToUpdate: 1, checkpoint: 50 }),
  ];
}

export function deployEvents(): TimedEvent[] {
  const newInstances = [
    { id: "i-0ccc000000000003", ip: "127.0.1.13", version: "v3", lifecycle: "InService", health: "Healthy" },
    { id: "i-0ccc000000000004", ip: "127.0.1.14", version: "v3", lifecycle: "InService", health: "Healthy" },
  ];
  return [
    ...commonStart(),
    at(8.5, { type: "gate", gate: "http /healthz", target: "i-0ccc000000000003", status: "Successful", value: "HTTP 200", verdict: "running" }),
    at(10.5, { type: "gate", gate: "http /healthz", target: "i-0ccc000000000003", status: "Successful", value: "HTTP 200", verdict: "running" }),
    at(12.0, { type: "instances", instances: newInstances }),
    at(12.2, { type: "refresh", refreshId: "ir-7f00", status: "Successful", percentage: 100, instancesToUpdate: 0 }),
    at(12.3, { type: "phase-end", phase: "refresh", status: "ok", durationMs: 7300 }),
    at(12.5, { type: "gate", gate: "http /healthz", target: "i-0ccc000000000004", status: "Successful", value: "HTTP 200", verdict: "passed" }),
    at(12.5, { type: "phase-end", phase: "gates", status: "ok", durationMs: 4400 }),
    at(12.5, { type: "phase-start", phase: "reconcile", title: "applying stack with the group on version 3" }),
    at(13.0, { type: "phase-end", phase: "reconcile", status: "ok", durationMs: 500 }),
    at(13.0, { type: "phase-start", phase: "record", title: "recording v3 as live" }),
    at(13.1, { type: "phase-end", phase: "record", status: "ok", durationMs: 100 }),
    at(13.1, {
      type: "result",
      app: "demo",
      outcome: "deployed",
      version: "v3",
      live: "v3",
      imageId: "ami-0c3d000000000003",
      durationMs: 13_100,
    }),
  ];
}

export const ROLLBACK_REASON = "gate http /healthz failed on i-0ccc000000000003 (HTTP 500)";

export function rollbackEvents(): TimedEvent[] {
  return [
    ...commonStart(),
    at(8.5, { type: "gate", gate: "http /healthz", target: "i-0ccc000000000003", status: "Successful", value: "HTTP 200", verdict: "running" }),
    at(10.5, {
      type: "gate",
      gate: "http /healthz",
      target: "i-0ccc000000000003",
      status: "Failed",
      value: "HTTP 500",
      message: "body: database unreachable",
      verdict: "failed",
    }),
    at(10.5, { type: "phase-end", phase: "gates", status: "failed", durationMs: 2400, detail: "http /healthz failed" }),
    at(10.6, { type: "refresh", refreshId: "ir-7f00", status: "Cancelling", percentage: 50, reason: "cancelled by roll: health gate failed" }),
    at(11.0, { type: "phase-end", phase: "refresh", status: "failed", durationMs: 6000, detail: "cancelled at 50%" }),
    at(11.0, {
      type: "rollback",
      reason: ROLLBACK_REASON,
      gate: "http /healthz",
      target: "i-0ccc000000000003",
      evidence: ["GET http://127.0.1.13:8080/healthz -> 200 in 4ms", "GET http://127.0.1.13:8080/healthz -> 500 in 3ms: database unreachable"],
    }),
    at(11.0, { type: "phase-start", phase: "rollback", title: "rolling demo back to v2 (launch template version 2)" }),
    at(11.2, { type: "refresh", refreshId: "ir-8a11", status: "RollbackInProgress", percentage: 0, instancesToUpdate: 1 }),
    at(14.0, { type: "instances", instances: oldInstances }),
    at(14.2, { type: "refresh", refreshId: "ir-8a11", status: "RollbackSuccessful", percentage: 100, instancesToUpdate: 0 }),
    at(14.3, { type: "phase-end", phase: "rollback", status: "ok", durationMs: 3300 }),
    at(14.3, { type: "phase-start", phase: "record", title: "recording the rollback of v3" }),
    at(14.4, { type: "phase-end", phase: "record", status: "ok", durationMs: 100 }),
    at(14.4, {
      type: "result",
      app: "demo",
      outcome: "rolled-back",
      version: "v3",
      live: "v2",
      reason: ROLLBACK_REASON,
      durationMs: 14_400,
    }),
    // Cleanup reports arrive after the verdict; json must still end with the result.
    at(14.5, { type: "resource", action: "kept", kind: "image", id: "ami-0c3d000000000003", detail: "v3 stays available for a later deploy" }),
  ];
}
