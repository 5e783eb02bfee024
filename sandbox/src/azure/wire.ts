// ARM's wire conventions: JSON bodies, the error envelope {"error": {code, message, …}}, request ids on
// every answer, api-version required on every request.

import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

export class ArmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
    readonly target?: string,
  ) {
    super(message);
  }
}

export function isArmError(error: unknown): error is ArmError {
  return error instanceof ArmError;
}

export const notFound = (type: string, name: string, group: string): ArmError =>
  new ArmError("ResourceNotFound", `The Resource '${type}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`, 404);

export const groupNotFound = (group: string): ArmError =>
  new ArmError("ResourceGroupNotFound", `Resource group '${group}' could not be found.`, 404);

export const invalidParameter = (message: string, target?: string): ArmError => new ArmError("InvalidParameter", message, 400, {}, target);

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestIds {
  requestId: string;
  correlationId: string;
}

export function requestIds(req: IncomingMessage): RequestIds {
  const given = req.headers["x-ms-correlation-request-id"];
  return { requestId: randomUUID(), correlationId: typeof given === "string" && given ? given : randomUUID() };
}

export function sendArm(res: ServerResponse, ids: RequestIds, response: ArmResponse, rateHeaders: Record<string, string> = {}): void {
  const body = response.body === undefined ? "" : JSON.stringify(response.body);
  res.writeHead(response.status, {
    ...(body ? { "content-type": "application/json; charset=utf-8" } : {}),
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-cache",
    "x-ms-request-id": ids.requestId,
    "x-ms-correlation-request-id": ids.correlationId,
    "x-ms-routing-request-id": `LOCAL:${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}Z:${ids.requestId}`,
    ...rateHeaders,
    ...response.headers,
  });
  res.end(body);
}

export function errorResponse(error: ArmError): ArmResponse {
  return {
    status: error.status,
    headers: { "x-ms-failure-cause": error.status >= 500 ? "service" : "gateway", ...error.headers },
    body: { error: { code: error.code, message: error.message, ...(error.target ? { target: error.target } : {}) } },
  };
}

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview|-beta|-privatepreview)?$/;

/** The request's api-version; ARM refuses a request without a valid one. */
export function apiVersionOf(url: URL): string {
  const version = [...url.searchParams.entries()].find(([k]) => k.toLowerCase() === "api-version")?.[1];
  if (version === undefined || version === "") {
    throw new ArmError("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.", 400);
  }
  if (!API_VERSION.test(version)) {
    throw new ArmError("InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are of the form 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`, 400);
  }
  return version;
}

export function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ArmError("RequestEntityTooLarge", "The request content is too large.", 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch {
    throw new ArmError("InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a JSON object.", 400);
  }
}
