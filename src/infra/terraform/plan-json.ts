// Reads `terraform show -json <planfile>` (Terraform's JSON plan representation, format_version 1.x)
// into roll's Plan: one ResourceChange per managed resource, with the attributes that change.

import { RollError } from "../../engine/errors.js";
import type { ChangeAction, Plan, ResourceChange } from "../port.js";

interface JsonResourceChange {
  address: string;
  mode?: "managed" | "data";
  type: string;
  name: string;
  /** Why Terraform chose this action, e.g. replace_because_cannot_update. */
  action_reason?: string;
  change: {
    actions: string[];
    /** Set when an `import` block adopts the resource in this plan. */
    importing?: { id?: string };
    /** For a replacement: the attribute paths that force it. */
    replace_paths?: (string | number)[][];
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown>;
  };
}

export interface JsonPlan {
  format_version?: string;
  resource_changes?: JsonResourceChange[];
}

/** Attributes the provider derives from others: listing them would only repeat the real change. */
const DERIVED = new Set(["tags_all", "latest_version", "default_version", "arn", "id"]);

function actionOf(actions: string[]): ChangeAction {
  const key = actions.join(",");
  if (key === "no-op" || key === "read") return "no-op";
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "delete" || key === "forget") return "delete";
  if (key === "delete,create" || key === "create,delete") return "replace";
  return "update";
}

const containsUnknown = (value: unknown): boolean =>
  value === true || (typeof value === "object" && value !== null && Object.values(value).some(containsUnknown));

function changedAttributes(change: JsonResourceChange["change"]): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys]
    .filter((key) => !DERIVED.has(key))
    .filter((key) => containsUnknown(unknown[key]) ? before[key] !== undefined : JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .sort();
}

/** Terraform's versions field is a number in state; a plan may give it as text. */
export function versionNumber(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) ? number : undefined;
}

function describe(resource: JsonResourceChange, action: ChangeAction, attributes: string[]): string | undefined {
  const { before, after } = resource.change;
  if (resource.type === "aws_launch_template" && action === "update") {
    const data = attributes.filter((a) => !["tags", "description", "update_default_version", "name"].includes(a));
    const latest = versionNumber(before?.latest_version);
    if (data.length > 0 && latest !== undefined) return `new version ${latest + 1} (${attributes.join(", ")})`;
  }
  if (resource.type === "aws_autoscaling_group" && (action === "update" || action === "create")) {
    const version = (after?.launch_template as { version?: unknown }[] | undefined)?.[0]?.version;
    const pin = typeof version === "string" ? `pinned to version ${version}` : attributes.includes("launch_template") || action === "create" ? "pinned to the template's new version" : undefined;
    const rest = attributes.filter((a) => a !== "launch_template").join(", ");
    return [pin, rest].filter(Boolean).join("; ") || undefined;
  }
  return attributes.length > 0 ? attributes.join(", ") : undefined;
}

export function parseJsonPlan(text: string): { plan: Plan; json: JsonPlan } {
  let json: JsonPlan;
  try {
    json = JSON.parse(text) as JsonPlan;
  } catch (error) {
    throw new RollError("terraform-plan-unreadable", `terraform show -json printed something that is not JSON: ${text.slice(0, 200)}`, { fault: "external", cause: error });
  }
  const major = Number((json.format_version ?? "").split(".")[0]);
  if (major !== 1) {
    throw new RollError("terraform-plan-unreadable", `terraform show -json uses plan format ${JSON.stringify(json.format_version)}; roll reads 1.x`, { fault: "external" });
  }
  const resources: ResourceChange[] = (json.resource_changes ?? [])
    .filter((resource) => resource.mode !== "data")
    .map((resource) => {
      const action = actionOf(resource.change.actions);
      const attributes = action === "update" || action === "replace" ? changedAttributes(resource.change) : [];
      const values = resource.change.after ?? resource.change.before ?? {};
      const name = typeof values.name === "string" ? values.name : resource.name;
      const importing = resource.change.importing !== undefined;
      const described = action === "no-op" ? undefined : describe(resource, action, attributes);
      const adopt = importing ? `adopt the existing ${resource.change.importing?.id ?? "object"} (import)` : undefined;
      const detail = [adopt, described].filter(Boolean).join("; ");
      return { address: resource.address, type: resource.type, name, action, attributes, ...(detail ? { detail } : {}), ...(importing ? { importing: true } : {}) };
    });
  return { plan: { changes: resources.filter((r) => r.action !== "no-op" || r.importing).length, resources }, json };
}

/** The launch template's latest version before the plan, if it existed. */
export function priorLatestVersion(json: JsonPlan, address: string): number | undefined {
  const resource = json.resource_changes?.find((r) => r.address === address);
  return versionNumber(resource?.change.before?.latest_version);
}

const REASONS: Record<string, string> = {
  replace_because_cannot_update: "an attribute that cannot be updated in place changed",
  replace_because_tainted: "the resource is tainted",
  replace_by_request: "replacement was requested",
  replace_by_triggers: "a replace_triggered_by reference changed",
  delete_because_no_resource_config: "the stack no longer declares it",
  delete_because_wrong_repetition: "its count or for_each changed",
  delete_because_count_index: "its count index is gone",
  delete_because_each_key: "its for_each key is gone",
  delete_because_no_module: "its module is gone",
};

/** For each resource the plan replaces or destroys: Terraform's reason in words, with the attributes forcing it. */
export function replacementReasons(text: string): { address: string; action: "replace" | "delete"; reason?: string }[] {
  const { json } = parseJsonPlan(text);
  return (json.resource_changes ?? [])
    .filter((r) => r.mode !== "data")
    .map((r) => ({ r, action: actionOf(r.change.actions) }))
    .filter((x): x is { r: JsonResourceChange; action: "replace" | "delete" } => x.action === "replace" || x.action === "delete")
    .map(({ r, action }) => {
      const paths = (r.change.replace_paths ?? []).map((path) => path.join(".")).filter(Boolean);
      const why = r.action_reason ? (REASONS[r.action_reason] ?? r.action_reason) : undefined;
      const reason = [why, paths.length ? `forced by ${paths.join(", ")}` : undefined].filter(Boolean).join(", ");
      return { address: r.address, action, ...(reason ? { reason: `${reason} (${r.action_reason ?? "no reason given"})` } : {}) };
    });
}
