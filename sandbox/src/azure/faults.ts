// The sandbox's fault spec applied to ARM requests: latency, injected errors (per operation id, e.g.
// `VirtualMachines_CreateOrUpdate`, or "*") and throttling, answered as ARM answers them:
// 500 InternalServerError, 503 ServiceUnavailable, 429 TooManyRequests with Retry-After.
// With throttling on (`--throttle aws`, the clouds' documented limits) ARM's regional token buckets
// apply per subscription: reads 250 tokens refilled at 25/s, writes and deletes 200 at 10/s each;
// x-ms-ratelimit-remaining-subscription-{reads,writes,deletes} report what is left.

import { TokenBucket } from "../faults/token-bucket.js";
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

type Kind = "reads" | "writes" | "deletes";
const BUCKETS: Record<Kind, { capacity: number; refillPerSecond: number }> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

const buckets = new WeakMap<AzureFace, Map<Kind, TokenBucket>>();

/** Quiet-time rate headers (ARM's hourly quotas, as it reported them before its token buckets). */
export const UNTHROTTLED_RATE_HEADERS = { "x-ms-ratelimit-remaining-subscription-reads": "11999", "x-ms-ratelimit-remaining-subscription-writes": "1199" };

function kindOf(method: string): Kind {
  if (method === "DELETE") return "deletes";
  return method === "GET" || method === "HEAD" ? "reads" : "writes";
}

/** Takes a token for the request or throws 429 with the seconds until one is back. */
function admit(face: AzureFace, method: string): Record<string, string> {
  let own = buckets.get(face);
  if (!own) buckets.set(face, (own = new Map()));
  const kind = kindOf(method);
  const now = face.now();
  let bucket = own.get(kind);
  if (!bucket) own.set(kind, (bucket = new TokenBucket(BUCKETS[kind].capacity, BUCKETS[kind].refillPerSecond, now)));
  if (!bucket.take(1, now)) {
    const wait = Math.max(1, Math.ceil((1 - bucket.available(now)) / bucket.refillPerSecond));
    throw new ArmError(
      "TooManyRequests",
      `The request is being throttled as the limit has been reached for operation type - ${kind === "reads" ? "Read" : kind === "writes" ? "Write" : "Delete"}_Subscription. For more information, see - https://aka.ms/ARMThrottling`,
      429,
      { "retry-after": String(wait), [`x-ms-ratelimit-remaining-subscription-${kind}`]: "0" },
    );
  }
  return { [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(Math.floor(bucket.available(now))) };
}

/** Applies the faults in force; returns the rate-limit headers the answer carries. */
export async function armFaults(face: AzureFace, ctx: RequestContext, parts: string[]): Promise<Record<string, string>> {
  const action = operationIdOf(ctx.method, parts);
  let rateHeaders: Record<string, string> = UNTHROTTLED_RATE_HEADERS;
  if (face.cloud.faults.current().throttle === "off") buckets.delete(face);
  else rateHeaders = admit(face, ctx.method);
  try {
    await face.cloud.faults.beforeRequest({ service: "azure", action, region: "azure", resourceCount: 1 });
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.status === 503) throw new ArmError("ServiceUnavailable", "The service is temporarily unavailable. Please retry the request.", 503, { "retry-after": "1" });
    if (error.status === 429) throw new ArmError("TooManyRequests", error.message, 429, { "retry-after": "1" });
    throw new ArmError("InternalServerError", "Encountered internal server error. Diagnostic information: timestamp, correlation id and request id are in the response headers.", 500);
  }
  return rateHeaders;
}
