// Errors carry a brand, a stable code, who is at fault and a cause. Only the CLI turns them into exit codes.

export type Fault = "user" | "external" | "internal";

/**
 * Every code a RollError can carry: stable strings that scripts and the NDJSON stream may match on.
 * A new failure gets a code here, so the list stays the one place that names them all.
 */
export type ErrorCode =
  // Azure (src/cloud/azure/call.ts maps SDK errors to these)
  | "azure-auth"
  | "azure-bad-request"
  | "azure-failed"
  | "azure-internal"
  | "azure-not-found"
  | "no-azure-credentials"
  | "no-azure-face"
  | "ami-users-unsupported"
  | "app-invalid"
  | "app-load-failed"
  | "app-not-found"
  | "apply-failed"
  | "bad-arguments"
  | "bad-backend"
  | "bad-fault"
  | "bad-infra"
  | "bad-sandbox-port"
  | "bad-schedule"
  | "bad-state"
  | "bad-target"
  | "cancelled"
  | "capacity-timeout"
  | "cloud-error"
  | "copy-failed"
  | "direct-apply-unsupported"
  | "file-failed"
  | "image-failed"
  | "image-missing"
  | "image-name-taken"
  | "instance-failed"
  | "internal"
  | "invalid-bake-id"
  | "invalid-config"
  | "invalid-env"
  | "invalid-inputs"
  | "invalid-options"
  | "invalid-stack"
  | "locked"
  | "manifest-missing"
  | "no-apps"
  | "no-communicator"
  | "no-host-keys"
  | "no-manifest"
  | "no-project"
  | "no-region"
  | "no-schedules"
  | "no-ssh-address"
  | "post-processor-failed"
  | "provisioner-failed"
  | "provisioner-timeout"
  | "sandbox-not-running"
  | "schedule-not-exportable"
  | "scp-failed"
  | "script-failed"
  | "script-upload-failed"
  | "source-image-ambiguous"
  | "source-image-not-found"
  | "ssh-disconnected"
  | "ssh-host-key-mismatch"
  | "ssh-no-credentials"
  | "ssh-timeout"
  | "template-invalid"
  // data sources (src/bake/data-sources)
  | "data-source-empty"
  | "data-source-ambiguous"
  | "data-source-not-found"
  | "data-source-key"
  | "data-source-http"
  | "data-source-unsupported"
  | "inputs-differ"
  | "stack-failed"
  | "invalid-settings"
  | "terraform-init-failed"
  | "plan-failed"
  | "terraform-failed"
  | "terraform-missing"
  | "terraform-plugin-dir"
  | "terraform-provider-missing"
  | "replace-refused"
  | "terraform-output-unreadable"
  | "terraform-plan-unreadable"
  | "terraform-ui-version"
  | "unknown-post-processor"
  | "unknown-provisioner"
  | "unknown-version"
  | "unlock-needs-force"
  | "unsupported-builder"
  | "unsupported-by-target"
  | "wait-timeout"
  // issue 12: names, state files, reuse, the sandbox daemon
  | "bad-app-name"
  | "bad-target-name"
  | "bad-version-name"
  | "state-path-escape"
  | "state-corrupt"
  | "reuse-older-than-live"
  | "sandbox-failed";

export interface Location {
  file: string;
  line?: number;
  column?: number;
  field?: string;
}

const BRAND = Symbol.for("roll.error");

export class RollError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly fault: Fault;
  readonly location?: Location;
  readonly hint?: string;
  /**
   * The run failed after leaving something in the cloud (e.g. --on-error=abort kept the builder): even
   * a user's mistake is then not "bad input, nothing changed".
   */
  readonly leftResources: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fault?: Fault; cause?: unknown; location?: Location; hint?: string; leftResources?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "RollError";
    this.code = code;
    this.fault = options.fault ?? "internal";
    this.location = options.location;
    this.hint = options.hint;
    this.leftResources = options.leftResources ?? false;
  }
}

/** The same error, marked as having left resources in the cloud. */
export function withLeftResources(error: RollError): RollError {
  if (error.leftResources) return error;
  const marked = new RollError(error.code, error.message, { fault: error.fault, cause: error.cause, location: error.location, hint: error.hint, leftResources: true });
  marked.stack = error.stack;
  return marked;
}

export function isRollError(value: unknown): value is RollError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export function userError(code: ErrorCode, message: string, location?: Location, hint?: string): RollError {
  return new RollError(code, message, { fault: "user", location, hint });
}

/** "file:line:column" for messages; the parts that are known. */
export function formatLocation(location: Location): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.column !== undefined) text += `:${location.column}`;
  return text;
}

export function describeError(error: unknown): string {
  if (isRollError(error)) {
    const where = error.location ? `${formatLocation(error.location)}: ` : "";
    const field = error.location?.field ? ` (field "${error.location.field}")` : "";
    return `${where}${error.message}${field}${error.hint ? `\n  hint: ${error.hint}` : ""}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || (isRollError(error) && error.code === "cancelled"));
}
