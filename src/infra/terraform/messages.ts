// Turns Terraform's UI messages into roll's: InfraMessage for progress (every message a person would
// want to see), AppliedChange for the writes the engine tracks as resources. Output values are never
// copied into messages: they may be sensitive.

import type { AppliedChange, InfraMessage } from "../port.js";
import type { UiMessage } from "./ui-messages.js";

const HOOK_KINDS: Partial<Record<UiMessage["type"], InfraMessage["kind"]>> = {
  apply_start: "start",
  apply_progress: "progress",
  apply_complete: "complete",
  apply_errored: "errored",
  refresh_start: "refresh",
  refresh_complete: "refresh",
  provision_start: "log",
  provision_progress: "log",
  provision_complete: "log",
  provision_errored: "errored",
};

function levelOf(level: string | undefined): InfraMessage["level"] {
  if (level === "error") return "error";
  if (level === "warn" || level === "warning") return "warn";
  return "info";
}

export function toInfraMessage(message: UiMessage): InfraMessage | undefined {
  const text = message["@message"] ?? "";
  switch (message.type) {
    case "version":
    case "unknown":
      return undefined;
    case "log":
      return { kind: "log", level: levelOf(message["@level"]), message: text };
    case "diagnostic": {
      const { diagnostic } = message;
      return {
        kind: "diagnostic",
        level: diagnostic.severity === "error" ? "error" : "warn",
        message: diagnostic.summary,
        ...(diagnostic.detail ? { detail: diagnostic.detail } : {}),
        ...(diagnostic.address ? { address: diagnostic.address } : {}),
      };
    }
    case "planned_change":
    case "resource_drift":
      return {
        kind: message.type === "planned_change" ? "planned" : "drift",
        level: "info",
        message: text,
        address: message.change.resource.addr,
        action: message.change.action,
      };
    case "change_summary": {
      const { add, change, remove, operation } = message.changes;
      return { kind: "summary", level: "info", message: text, counts: { add, change, remove, import: message.changes.import ?? 0, operation } };
    }
    case "outputs":
      return { kind: "output", level: "info", message: `${Object.keys(message.outputs).length} outputs` };
    default: {
      const kind = HOOK_KINDS[message.type];
      if (!kind) return undefined;
      const { hook } = message;
      return {
        kind,
        level: message.type.endsWith("_errored") ? "error" : "info",
        message: text,
        address: hook.resource.addr,
        ...(hook.action ? { action: hook.action } : {}),
        ...(hook.elapsed_seconds !== undefined ? { elapsedSeconds: hook.elapsed_seconds } : {}),
      };
    }
  }
}

/**
 * The engine-visible write an `apply_complete` stands for: launch templates and Auto Scaling groups
 * only (the resource kinds roll's events know); other resources are reported as messages.
 */
export function toAppliedChange(message: UiMessage, details: Map<string, string>): AppliedChange | undefined {
  if (message.type !== "apply_complete") return undefined;
  const { hook } = message;
  const type = hook.resource.resource_type ?? hook.resource.addr.split(".").at(-2);
  const action = hook.action === "create" || hook.action === "replace" ? "created" : hook.action === "update" ? "updated" : undefined;
  if (!action) return undefined;
  const kind = type === "aws_launch_template" ? "launch-template" : type === "aws_autoscaling_group" ? "auto-scaling-group" : undefined;
  if (!kind) return undefined;
  const id = hook.id_value ?? hook.resource.addr;
  const detail = details.get(hook.resource.addr);
  return { kind, action, address: hook.resource.addr, id, name: id, ...(detail ? { detail } : {}) };
}
