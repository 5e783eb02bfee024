// Shared by the fault tests: the admin API over HTTP, and what an SDK error looks like.

import type { FaultSettings } from "../../src/faults/types.js";

export async function putFaults(endpoint: string, faults: Partial<FaultSettings> | Record<string, unknown>): Promise<Response> {
  return fetch(`${endpoint}/__sandbox/faults`, { method: "PUT", body: JSON.stringify(faults), headers: { "content-type": "application/json" } });
}

export async function getFaults(endpoint: string): Promise<FaultSettings> {
  return (await (await fetch(`${endpoint}/__sandbox/faults`)).json()) as FaultSettings;
}

export type SdkError = Error & { $metadata: { httpStatusCode?: number; attempts?: number } };

/** Settles a call: the answer, or the SDK's error. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: SdkError }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: error as SdkError };
  }
}
