// The backend a state path belongs to: s3:// paths go to the S3 backend registered for them (the CLI
// registers one when it resolves the target), everything else to the local folder backend.

import type { S3Client } from "@aws-sdk/client-s3";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { RollError, userError } from "../../engine/errors.js";
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

/**
 * Joins state path segments; keeps the s3:// scheme intact. The result always stays under `root`:
 * a part that would climb out of it (`..`, an absolute path) is refused, whatever called us.
 */
export function statePath(root: string, ...parts: string[]): string {
  for (const part of parts) {
    if (part.split(/[\\/]/).some((segment) => segment === "..")) {
      throw userError("state-path-escape", `state path part ${JSON.stringify(part.slice(0, 80))} would leave the state folder ${root}`);
    }
  }
  if (isS3Path(root)) return [root.replace(/\/+$/, ""), ...parts].join("/");
  const joined = join(root, ...parts);
  const inside = relative(resolve(root), resolve(joined));
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw userError("state-path-escape", `state path ${joined} would leave the state folder ${root}`);
  }
  return joined;
}

/**
 * A state object's JSON. A corrupt one is an error naming the file and the repair (exit 4); it is
 * never overwritten, since it may be the only record of what runs.
 */
export function parseStateJson<T>(path: string, body: string): T {
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
    return value as T;
  } catch (error) {
    throw new RollError("state-corrupt", `${path} is corrupt: ${error instanceof Error ? error.message : String(error)}`, {
      fault: "external",
      hint: `roll left it untouched. Restore it from a backup, or fix it by hand (roll images <app> lists the versions the cloud still has)`,
    });
  }
}

export async function readStateJson<T>(path: string): Promise<T | undefined> {
  const object = await backendFor(path).get(path);
  return object ? parseStateJson<T>(path, object.body) : undefined;
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
