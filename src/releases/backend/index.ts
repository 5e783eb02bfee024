// The backend a state path belongs to: s3:// paths go to the S3 backend registered for them (the CLI
// registers one when it resolves the target), everything else to the local folder backend.

import type { S3Client } from "@aws-sdk/client-s3";
import { join } from "node:path";
import { localBackend } from "./local.js";
import type { StateBackend } from "./types.js";

export { isPreconditionFailed, PreconditionFailed, type StateBackend, type StoredObject, type WriteCondition } from "./types.js";

const s3Backends = new Map<string, StateBackend>();

/**
 * Makes s3://bucket/... paths readable and writable through this client. The S3 backend is loaded only
 * here, so commands on local state never load the S3 SDK.
 */
export async function registerS3State(bucket: string, client: S3Client): Promise<void> {
  const { s3Backend } = await import("./s3.js");
  s3Backends.set(bucket, s3Backend(client));
}

export function isS3Path(path: string): boolean {
  return path.startsWith("s3://");
}

export function backendFor(path: string): StateBackend {
  if (!isS3Path(path)) return localBackend;
  const bucket = path.slice("s3://".length).split("/")[0];
  const backend = s3Backends.get(bucket);
  if (!backend) throw new Error(`no S3 client registered for state bucket "${bucket}"`);
  return backend;
}

/** Joins state path segments; keeps the s3:// scheme intact. */
export function statePath(root: string, ...parts: string[]): string {
  if (!isS3Path(root)) return join(root, ...parts);
  return [root.replace(/\/+$/, ""), ...parts].join("/");
}

export async function readStateJson<T>(path: string): Promise<T | undefined> {
  const object = await backendFor(path).get(path);
  return object ? (JSON.parse(object.body) as T) : undefined;
}

export async function writeStateJson(path: string, value: unknown): Promise<void> {
  await backendFor(path).put(path, `${JSON.stringify(value, null, 2)}\n`);
}

export async function deleteState(path: string): Promise<void> {
  await backendFor(path).delete(path);
}

export async function listState(path: string): Promise<string[]> {
  return backendFor(path).list(path);
}
