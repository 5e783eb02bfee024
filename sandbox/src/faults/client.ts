// Client side of the admin API, for `roll sandbox status|faults|publish-base` and tests.

import type { PublishedBaseResult } from "../model/base-images.js";
import { FAULTS_PATH, PUBLISH_BASE_PATH } from "../api/paths.js";
import type { FaultSettings } from "./types.js";

async function call<T>(endpoint: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(endpoint + path, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const parsed = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${parsed.error ?? response.statusText}`);
  return parsed;
}

export function getFaults(endpoint: string): Promise<FaultSettings> {
  return call(endpoint, "GET", FAULTS_PATH);
}

/** "replace": exactly these faults (PUT); "update": only these change (PATCH). */
export function setFaults(endpoint: string, faults: Partial<FaultSettings>, mode: "replace" | "update"): Promise<FaultSettings> {
  return call(endpoint, mode === "replace" ? "PUT" : "PATCH", FAULTS_PATH, faults);
}

export function publishBase(endpoint: string): Promise<PublishedBaseResult> {
  return call(endpoint, "POST", PUBLISH_BASE_PATH);
}
