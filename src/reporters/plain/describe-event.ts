// The words of one plain line, per event type. Stateless: what to skip and which phase column to
// use is decided by the plain reporter.

import type { InstanceView, RollEvent } from "../../engine/events.js";
import { formatDuration } from "../format.js";
import { rebakeLines } from "../rebake-lines.js";

export function describeEvent(event: RollEvent): string[] {
  switch (event.type) {
    case "phase-start":
      return [event.title];
    case "phase-end":
      return [describePhaseEnd(event.status, event.durationMs, event.detail)];
    case "log":
      return [event.level === "info" ? event.message : `${event.level === "warn" ? "warning" : "error"}: ${event.message}`];
    case "notice":
      return [`notice: ${event.message}`];
    case "resource":
      return [describeResource(event)];
    case "provisioner":
      return [describeProvisioner(event)];
    case "output":
      // Indented under the message column so a reader sees whose output it is.
      return [`    ${event.line}`];
    case "image":
      return [event.reused ? `reusing image ${event.version} (${event.imageId})` : `image ${event.version} is ${event.imageId}`];
    case "refresh":
      return [describeRefresh(event)];
    case "instances":
      return event.instances.map(describeInstance);
    case "gate":
      return [describeGate(event)];
    case "rollback":
      return [`rolling back: ${event.reason}`, ...(event.evidence ?? []).map((line) => `    ${line}`)];
    case "rebake":
      return rebakeLines(event);
    case "result":
      // The verdict line is worded by verdict.ts; the reporter prints it.
      return [];
  }
}

function describePhaseEnd(status: "ok" | "failed" | "skipped", durationMs: number, detail?: string): string {
  const suffix = detail ? `: ${detail}` : "";
  if (status === "ok") return `done in ${formatDuration(durationMs)}${detail ? ` (${detail})` : ""}`;
  if (status === "skipped") return `skipped${suffix}`;
  return `FAILED after ${formatDuration(durationMs)}${suffix}`;
}

function describeResource(event: Extract<RollEvent, { type: "resource" }>): string {
  const detail = event.detail ? ` (${event.detail})` : "";
  if (event.action === "delete-failed") return `could not delete ${event.kind} ${event.id}${event.detail ? `: ${event.detail}` : ""}`;
  return `${event.action} ${event.kind} ${event.id}${detail}`;
}

function describeProvisioner(event: Extract<RollEvent, { type: "provisioner" }>): string {
  // `index` is the provisioner's position in the template's build block, counted from 0.
  const name = `provisioner ${event.index + 1} (${event.provisioner})`;
  const took = event.durationMs !== undefined ? ` in ${formatDuration(event.durationMs)}` : "";
  if (event.status === "start") return `${name} started`;
  if (event.status === "ok") return `${name} done${took}`;
  return `${name} FAILED${event.durationMs !== undefined ? ` after ${formatDuration(event.durationMs)}` : ""}`;
}

function describeRefresh(event: Extract<RollEvent, { type: "refresh" }>): string {
  const parts = [`instance refresh ${event.refreshId}: ${event.status} ${Math.round(event.percentage)}%`];
  if (event.instancesToUpdate !== undefined) parts.push(`${event.instancesToUpdate} to update`);
  if (event.checkpoint !== undefined) parts.push(`checkpoint ${event.checkpoint}%`);
  const main = parts.join(", ");
  return event.reason ? `${main} (${event.reason})` : main;
}

export function describeInstance(instance: InstanceView): string {
  return `instance ${instance.id} ${instance.ip ?? "-"} ${instance.version ?? "-"} ${instance.lifecycle} ${instance.health}`;
}

function describeGate(event: Extract<RollEvent, { type: "gate" }>): string {
  const on = event.target ? ` on ${event.target}` : "";
  const value = event.value ? ` ${event.value}` : "";
  const message = event.message ? ` (${event.message})` : "";
  const verdict = event.verdict === "passed" || event.verdict === "failed" ? ` -> gate ${event.verdict}` : "";
  return `gate ${event.gate}${on}: ${event.status}${value}${message}${verdict}`;
}
