// Long-running operations as ARM reports them. A request that starts one answers with
// `Azure-AsyncOperation` (GET → {"status": "InProgress" | "Succeeded" | "Failed" | "Canceled"}) and/or
// `Location` (GET → 202 while running, then 200 with the result or 204). The SDK pollers and
// `az --no-wait` follow exactly these headers. An operation watching a resource is done when the
// resource's provisioningState is terminal (or, for a delete, when the resource is gone).

import { randomUUID } from "node:crypto";
import type { AzureFace } from "./context.js";
import type { OperationRecord } from "./state.js";
import { ArmError, type ArmResponse } from "./wire.js";

/** Seconds the sandbox tells pollers to wait (Azure says 10-60; the sandbox is fast). */
const RETRY_AFTER_S = "1";

export function startOperation(face: AzureFace, location: string, kind: OperationRecord["kind"], watches?: string): OperationRecord {
  const op: OperationRecord = { id: randomUUID(), location, status: "InProgress", startTime: face.now(), kind, ...(watches ? { watches: watches.toLowerCase() } : {}) };
  face.state.operations[op.id] = op;
  face.changed();
  return op;
}

export function finishOperation(face: AzureFace, op: OperationRecord, status: OperationRecord["status"], extra: { error?: OperationRecord["error"]; result?: unknown } = {}): void {
  if (op.status !== "InProgress") return;
  op.status = status;
  op.endTime = face.now();
  if (extra.error) op.error = extra.error;
  if (extra.result !== undefined) op.result = extra.result;
  face.changed();
}

function operationBase(face: AzureFace, op: OperationRecord, provider: string): string {
  return `${face.endpoint}/subscriptions/${face.subscriptionId}/providers/${provider}/locations/${op.location}`;
}

/** The headers that hand an operation to a poller. */
export function operationHeaders(face: AzureFace, op: OperationRecord, apiVersion: string, provider: string, withLocation: boolean): Record<string, string> {
  const base = operationBase(face, op, provider);
  const headers: Record<string, string> = {
    "azure-asyncoperation": `${base}/operations/${op.id}?api-version=${apiVersion}`,
    "retry-after": RETRY_AFTER_S,
  };
  if (withLocation) headers.location = `${base}/operationResults/${op.id}?api-version=${apiVersion}`;
  return headers;
}

/** Decides operations that watch a resource. */
function settle(face: AzureFace, op: OperationRecord): void {
  if (op.status !== "InProgress" || !op.watches) return;
  const resource = face.state.resources[op.watches];
  if (op.kind === "delete") {
    const groupGone = !Object.values(face.state.groups).some((g) => g.id.toLowerCase() === op.watches);
    if (!resource && groupGone) finishOperation(face, op, "Succeeded");
    return;
  }
  if (!resource) {
    finishOperation(face, op, "Failed", { error: { code: "ResourceNotFound", message: "The resource was deleted while it was being provisioned." } });
    return;
  }
  const state = resource.properties.provisioningState;
  if (state === "Succeeded") finishOperation(face, op, "Succeeded");
  else if (state === "Failed") {
    const error = (resource.internal.provisioningError as OperationRecord["error"]) ?? { code: "InternalOperationError", message: "Provisioning failed." };
    finishOperation(face, op, "Failed", { error });
  } else if (state === "Canceled") finishOperation(face, op, "Canceled");
}

function find(face: AzureFace, id: string): OperationRecord {
  const op = face.state.operations[id];
  if (!op) throw new ArmError("NotFound", `The operation '${id}' could not be found.`, 404);
  settle(face, op);
  return op;
}

/** GET {Azure-AsyncOperation}. */
export function operationStatus(face: AzureFace, id: string): ArmResponse {
  const op = find(face, id);
  const body: Record<string, unknown> = {
    name: op.id,
    status: op.status,
    startTime: new Date(op.startTime).toISOString(),
    ...(op.endTime ? { endTime: new Date(op.endTime).toISOString() } : {}),
    ...(op.error ? { error: op.error } : {}),
  };
  return { status: 200, body, headers: op.status === "InProgress" ? { "retry-after": RETRY_AFTER_S } : {} };
}

/** GET {Location}: 202 while running; then 200 with the result (or no body), or the failure's error. */
export function operationResult(face: AzureFace, id: string, url: URL): ArmResponse {
  const op = find(face, id);
  if (op.status === "InProgress") return { status: 202, headers: { location: url.href.replace(/^https?:\/\/[^/]+/, face.endpoint), "retry-after": RETRY_AFTER_S } };
  if (op.status === "Failed" || op.status === "Canceled") {
    const error = op.error ?? { code: "OperationCanceled", message: "The operation was canceled." };
    return { status: 400, body: { error } };
  }
  // The specs list 200 (and 202) for these actions' final answers; compute sends 200 without a body.
  return op.result === undefined ? { status: 200 } : { status: 200, body: op.result };
}

/** Watching resources: operations for resources in transition are decided on every reconcile tick too. */
export function settleOperations(face: AzureFace): void {
  const now = face.now();
  for (const op of Object.values(face.state.operations)) {
    settle(face, op);
    // Finished operations are kept for an hour, as long as any client polls them.
    if (op.status !== "InProgress" && op.endTime !== undefined && now - op.endTime > 3600_000) {
      delete face.state.operations[op.id];
      face.changed();
    }
  }
}
