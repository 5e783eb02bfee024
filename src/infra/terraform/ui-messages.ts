// Terraform's machine-readable UI messages (`plan -json`, `apply -json`): one JSON object a line, the
// first of type `version`. Only the fields roll reads are typed; unknown fields and unknown message
// types are ignored, as the format's compatibility promise asks of readers (minor versions add).
// Reference: developer.hashicorp.com/terraform/internals/machine-readable-ui (the same in OpenTofu).

export interface UiResource {
  addr: string;
  module?: string;
  resource_type?: string;
  resource_name?: string;
}

export interface UiHook {
  resource: UiResource;
  action?: string;
  id_key?: string;
  id_value?: string;
  elapsed_seconds?: number;
}

export interface UiChange {
  resource: UiResource;
  action: string;
  reason?: string;
}

export interface UiDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename?: string; start?: { line?: number } };
}

interface Common {
  "@level"?: string;
  "@message"?: string;
  "@timestamp"?: string;
}

export type UiMessage = Common &
  (
    | { type: "version"; ui: string; terraform?: string; tofu?: string }
    | { type: "log" }
    | { type: "diagnostic"; diagnostic: UiDiagnostic }
    | { type: "planned_change" | "resource_drift"; change: UiChange }
    | { type: "change_summary"; changes: { add: number; change: number; import?: number; remove: number; operation: string } }
    | { type: "outputs"; outputs: Record<string, { sensitive?: boolean; value?: unknown; action?: string }> }
    | {
        type:
          | "apply_start"
          | "apply_progress"
          | "apply_complete"
          | "apply_errored"
          | "refresh_start"
          | "refresh_complete"
          | "provision_start"
          | "provision_progress"
          | "provision_complete"
          | "provision_errored";
        hook: UiHook;
      }
    | { type: "unknown"; original: string }
  );
