// The AWS JSON 1.1 protocol of SSM and Secrets Manager: `POST /` with `X-Amz-Target: <prefix>.<Action>`,
// a JSON body in and out (content type application/x-amz-json-1.1), errors as {"__type", "message"}.

import { ApiError } from "./errors.js";

export type Json11Service = "ssm" | "secretsmanager";

const PREFIXES: Record<string, Json11Service> = { AmazonSSM: "ssm", secretsmanager: "secretsmanager" };

export interface Json11Target {
  service: Json11Service;
  action: string;
}

export function json11Target(header: string | string[] | undefined): Json11Target | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const dot = value ? value.indexOf(".") : -1;
  if (!value || dot <= 0) return undefined;
  const service = Object.hasOwn(PREFIXES, value.slice(0, dot)) ? PREFIXES[value.slice(0, dot)] : undefined;
  return service ? { service, action: value.slice(dot + 1) } : undefined;
}

export type JsonObject = Record<string, unknown>;

export function parseJsonBody(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new ApiError("SerializationException", "The request body is not valid JSON", 400);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ApiError("SerializationException", "The request body must be a JSON object", 400);
  }
  return parsed as JsonObject;
}

/** Reads a request member with the type the service model gives it; a wrong type is a ValidationException. */
export class JsonInput {
  constructor(private readonly body: JsonObject) {}

  string(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new ApiError("ValidationException", `${name} must be a string`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === "") throw new ApiError("ValidationException", `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
    return value;
  }

  bool(name: string): boolean {
    const value = this.body[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") throw new ApiError("ValidationException", `${name} must be a boolean`);
    return value;
  }

  number(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) throw new ApiError("ValidationException", `${name} must be an integer`);
    return value;
  }

  strings(name: string): string[] {
    const value = this.body[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw new ApiError("ValidationException", `${name} must be a list of strings`);
    return value as string[];
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function json11Error(error: ApiError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}
