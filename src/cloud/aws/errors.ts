// The one place where an AWS SDK error becomes a RollError: who is at fault decides the exit code and
// the words a user reads, so a throttled or failed call is never reported as the user's mistake.
//   user      the request named something that does not exist or is not allowed (a 4xx the user can fix)
//   external  AWS (or the network) could not answer now: throttling, 5xx, timeouts, lost connections
//   internal  anything else: roll sent something AWS rejects, a bug to report

import { RollError, type ErrorCode, type Fault } from "../../engine/errors.js";

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RequestThrottled|Rate ?exceeded/i;
const NOT_FOUND = /NotFound|\.Malformed$|NoSuchEntity|NoSuchBucket|NoSuchKey|ValidationError/;
const NOT_ALLOWED = /UnauthorizedOperation|AccessDenied|AuthFailure|OptInRequired|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch/;
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|TimeoutError|NetworkingError/;

/** Who is at fault for an SDK error (or a network error on the way to AWS). */
export function sdkFault(error: unknown): Fault {
  const e = (error ?? {}) as SdkErrorShape;
  const name = e.name ?? e.code ?? "";
  const status = e.$metadata?.httpStatusCode;
  if (e.$retryable?.throttling || THROTTLING.test(name)) return "external";
  if (e.$fault === "server" || (status !== undefined && status >= 500)) return "external";
  if (NETWORK.test(name) || NETWORK.test(e.code ?? "") || NETWORK.test(e.message ?? "")) return "external";
  if (NOT_FOUND.test(name) || NOT_ALLOWED.test(name)) return "user";
  return "internal";
}

/** True when the SDK says the thing asked about does not exist (as opposed to: could not ask). */
export function isNotFound(error: unknown): boolean {
  const name = (error as SdkErrorShape | undefined)?.name ?? "";
  return /NotFound|\.Malformed$|NoSuchEntity|NoSuchBucket|NoSuchKey/.test(name);
}

/**
 * Wraps an SDK error in a RollError with the fault the SDK's answer implies. `what` says what roll
 * was doing ("describing image ami-…"), so the message reads as a sentence.
 */
export function fromSdkError(error: unknown, what: string, code: ErrorCode = "cloud-error"): RollError {
  const e = (error ?? {}) as SdkErrorShape;
  const fault = sdkFault(error);
  const detail = `${e.name ?? "Error"}: ${e.message ?? String(error)}`;
  const hint =
    fault === "external"
      ? "AWS could not answer just now (throttled, unavailable or unreachable); run the command again"
      : undefined;
  return new RollError(code, `${what} failed (${detail})`, { fault, cause: error, hint });
}
