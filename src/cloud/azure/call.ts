// The one place Azure SDK errors become roll's errors, so the rest of roll never looks at a RestError.
// Who is at fault follows ARM's answer: a 400 is the request (usually a value from the template or the
// stack: the user's), 401/403 the credentials (the user's), 404 a missing resource (the caller decides
// whether that is fine: see isNotFound), 409/429/5xx and network failures the cloud's. A cancel stays
// a cancel.

import { RollError, isRollError } from "../../engine/errors.js";

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

function restError(error: unknown): RestErrorLike | undefined {
  return typeof error === "object" && error !== null ? (error as RestErrorLike) : undefined;
}

export function isNotFound(error: unknown): boolean {
  if (isRollError(error)) return error.code === "azure-not-found";
  const rest = restError(error);
  return rest?.statusCode === 404 || rest?.code === "ResourceNotFound" || rest?.code === "ResourceGroupNotFound" || rest?.code === "NotFound";
}

export function mapAzureError(what: string, error: unknown): Error {
  if (isRollError(error)) return error;
  const rest = restError(error);
  if (rest?.name === "AbortError") return error as Error;
  const status = rest?.statusCode;
  const code = rest?.code ?? "unknown";
  const message = `Azure ${what} failed: ${code}${status ? ` (HTTP ${status})` : ""}: ${rest?.message ?? String(error)}`;
  if (status === 404 || isNotFound(error)) return new RollError("azure-not-found", message, { fault: "external", cause: error });
  if (status === 400) return new RollError("azure-bad-request", message, { fault: "user", cause: error });
  if (status === 401 || status === 403 || ["CredentialUnavailableError", "AuthenticationError", "AuthenticationRequiredError"].includes(rest?.name ?? "")) {
    return new RollError("azure-auth", message, { fault: "user", cause: error, hint: "check AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and AZURE_TENANT_ID" });
  }
  if (status !== undefined || rest?.code === "REQUEST_SEND_ERROR" || rest?.name === "RestError") {
    return new RollError("azure-failed", message, { fault: "external", cause: error });
  }
  return new RollError("azure-internal", message, { fault: "internal", cause: error });
}

/** Runs one SDK call (with the run's signal passed inside `work`), mapping its error once. */
export async function callAzure<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapAzureError(what, error);
  }
}
