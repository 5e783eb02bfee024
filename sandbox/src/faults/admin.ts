// The sandbox's admin API, on the same port as the AWS APIs (paths no AWS client uses):
//   GET   /__sandbox/faults          -> the faults in force (JSON FaultSettings)
//   PUT   /__sandbox/faults          <- JSON: exactly these faults (omitted ones off)
//   PATCH /__sandbox/faults          <- JSON: change only the faults named
//   POST  /__sandbox/publish-base    -> publishes a newer vendor base image; answers what changed
// Bad input answers 400 with {"error": "..."} naming the bad value.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Cloud } from "../model/cloud.js";
import { publishBaseImage } from "../model/base-images.js";
import { faultsFromJson } from "./parse.js";
import { FAULTS_PATH, PUBLISH_BASE_PATH } from "../api/paths.js";

export const ADMIN_PREFIX = "/__sandbox/";
export { FAULTS_PATH, PUBLISH_BASE_PATH };
const MAX_ADMIN_BODY = 64 * 1024;

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_ADMIN_BODY) throw new Error("request body too large");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`body is not JSON: ${text.slice(0, 80)}`);
  }
}

/** Answers an admin request; false when the path is not one (the caller answers it). */
export async function handleAdmin(cloud: Cloud, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (path === FAULTS_PATH) {
    try {
      if (req.method === "GET") json(res, 200, cloud.faults.current());
      else if (req.method === "PUT") json(res, 200, cloud.faults.replace(faultsFromJson(await readJson(req))));
      else if (req.method === "PATCH") json(res, 200, cloud.faults.update(faultsFromJson(await readJson(req))));
      else json(res, 405, { error: `${req.method ?? "?"} is not allowed on ${path}; use GET, PUT or PATCH` });
    } catch (error) {
      json(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    if (req.method === "PUT" || req.method === "PATCH") cloud.log(`faults now ${JSON.stringify(cloud.faults.current())}`);
    return true;
  }
  if (path === PUBLISH_BASE_PATH) {
    if (req.method !== "POST") {
      json(res, 405, { error: `${req.method ?? "?"} is not allowed on ${path}; use POST` });
      return true;
    }
    try {
      json(res, 200, await publishBaseImage(cloud));
    } catch (error) {
      cloud.log(`publish-base failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      json(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
    return true;
  }
  return false;
}
