// The AWS JSON 1.0 protocol, as current SDKs speak it to CloudWatch (awsQueryCompatible): a POST with
// `X-Amz-Target: GraniteServiceVersion20100801.<Action>` and a JSON body. The sandbox's CloudWatch
// handlers are written for the query protocol, so the request is flattened into query parameters
// and the handler's response tree is turned into JSON.

import { ApiError } from "./errors.js";
import { NamedList, type XmlValue } from "./xml.js";

export const JSON_TARGET_PREFIXES: Record<string, "monitoring"> = {
  GraniteServiceVersion20100801: "monitoring",
};

export interface JsonTarget {
  service: "monitoring";
  action: string;
}

export function jsonTarget(header: string | string[] | undefined): JsonTarget | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const dot = value.indexOf(".");
  const prefix = dot > 0 ? value.slice(0, dot) : "";
  const service = Object.hasOwn(JSON_TARGET_PREFIXES, prefix) ? JSON_TARGET_PREFIXES[prefix] : undefined;
  return service ? { service, action: value.slice(dot + 1) } : undefined;
}

/** `{ AlarmNames: ["a"], StateValue: "OK" }` -> `AlarmNames.member.1=a&StateValue=OK`. */
export function jsonToQuery(body: string, action: string): string {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new ApiError("SerializationException", "The request body is not valid JSON", 400);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ApiError("SerializationException", "The request body must be a JSON object", 400);
  }
  const pairs: [string, string][] = [["Action", action]];
  const walk = (prefix: string, value: unknown) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) value.forEach((item, index) => walk(`${prefix}.member.${index + 1}`, item));
    else if (typeof value === "object") for (const [key, child] of Object.entries(value)) walk(prefix ? `${prefix}.${key}` : key, child);
    else pairs.push([prefix, String(value)]);
  };
  walk("", parsed);
  return new URLSearchParams(pairs).toString();
}

/** The handler's response tree as JSON: lists become arrays, timestamps epoch seconds. */
export function toJsonValue(value: XmlValue): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof NamedList) return value.items.map(toJsonValue);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const converted = toJsonValue(child);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return value;
}

export function jsonError(error: ApiError): { body: string; queryError: string } {
  return {
    body: JSON.stringify({ __type: `com.amazonaws.monitoring#${error.code}`, message: error.message }),
    // awsQueryCompatible clients read the query-protocol code from this header.
    queryError: `${error.code};${error.status >= 500 ? "Receiver" : "Sender"}`,
  };
}
