// The sandbox's fault spec applied to ARM requests: latency, injected errors (per operation id, e.g.
// `VirtualMachines_CreateOrUpdate`, or "*") and throttling, answered as ARM answers them:
// 500 InternalServerError, 503 ServiceUnavailable, 429 TooManyRequests with Retry-After.

import { isApiError } from "../wire/errors.js";
import type { AzureFace, RequestContext } from "./context.js";
import { ArmError } from "./wire.js";

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The request's operation id as the REST specs name it (approximately: Type_Verb). */
export function operationIdOf(method: string, parts: string[]): string {
  const providers = parts.findIndex((p) => p.toLowerCase() === "providers");
  const tail = providers >= 0 ? parts.slice(providers + 2) : parts.slice(2);
  if (tail.length === 0) return parts.length <= 2 ? `Subscriptions_${method === "GET" ? "Get" : capital(method.toLowerCase())}` : "ResourceGroups_Request";
  const typeSegments = tail.filter((_, i) => i % 2 === 0);
  const collection = tail.length % 2 === 1;
  const lastType = capital(typeSegments[typeSegments.length - 1] ?? "Resources");
  if (collection && method === "POST") return `${capital(typeSegments[typeSegments.length - 2] ?? lastType)}_${capital(tail[tail.length - 1]!)}`;
  const verbs: Record<string, string> = { GET: collection ? "List" : "Get", PUT: "CreateOrUpdate", PATCH: "Update", DELETE: "Delete", HEAD: "CheckExistence" };
  return `${lastType}_${verbs[method] ?? capital(method.toLowerCase())}`;
}

export async function armFaults(face: AzureFace, ctx: RequestContext, parts: string[]): Promise<void> {
  const action = operationIdOf(ctx.method, parts);
  try {
    await face.cloud.faults.beforeRequest({ service: "azure", action, region: "azure", resourceCount: 1 });
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.status === 503) throw new ArmError("ServiceUnavailable", "The service is temporarily unavailable. Please retry the request.", 503, { "retry-after": "1" });
    if (error.status === 429) throw new ArmError("TooManyRequests", error.message, 429, { "retry-after": "1" });
    throw new ArmError("InternalServerError", "Encountered internal server error. Diagnostic information: timestamp, correlation id and request id are in the response headers.", 500);
  }
}
