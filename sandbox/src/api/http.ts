// The one HTTP endpoint: S3 requests go to the S3 REST handler; the rest are query-protocol requests,
// routed to EC2, Auto Scaling, ELBv2 or CloudWatch, whose handler runs and whose envelope is written.
// Nothing a client sends can crash the server: unknown failures become InternalError (500) and are logged.

import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ADMIN_PREFIX, handleAdmin } from "../faults/admin.js";
import type { Cloud } from "../model/cloud.js";
import { ApiError, isApiError } from "../wire/errors.js";
import { AUTOSCALING_NS, CLOUDWATCH_NS, ec2Error, ec2Success, ELBV2_NS, queryError, querySuccess } from "../wire/envelope.js";
import { FormParams } from "../wire/form.js";
import { jsonError, jsonTarget, jsonToQuery, toJsonValue, type JsonTarget } from "../wire/json-protocol.js";
import { untrustedRequest } from "../wire/request-origin.js";
import { isRegionName, isS3Request, routeRequest, type QueryService } from "../wire/route.js";
import { autoScalingActions } from "./autoscaling/index.js";
import { cloudWatchActions } from "./cloudwatch/index.js";
import type { QueryHandler } from "./context.js";
import { ec2Actions } from "./ec2/index.js";
import { HEALTH_PATH } from "./paths.js";
import { elbv2Actions } from "./elbv2/index.js";
import { handleS3 } from "./s3/index.js";

export { HEALTH_PATH };

/** The awsQuery services: their actions, XML namespace and API version. */
const QUERY_SERVICES: Record<Exclude<QueryService, "ec2">, { actions: Record<string, QueryHandler>; namespace: string; version: string }> = {
  autoscaling: { actions: autoScalingActions, namespace: AUTOSCALING_NS, version: "2011-01-01" },
  elbv2: { actions: elbv2Actions, namespace: ELBV2_NS, version: "2015-12-01" },
  monitoring: { actions: cloudWatchActions, namespace: CLOUDWATCH_NS, version: "2010-08-01" },
};

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError("RequestEntityTooLarge", "Request body is too large", 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, requestId: string, body: string): void {
  res.writeHead(status, {
    "content-type": "text/xml;charset=UTF-8",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    "x-amz-request-id": requestId,
  });
  res.end(body);
}

export function createRequestHandler(cloud: Cloud, info: () => Record<string, unknown>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const refusal = untrustedRequest(req);
    if (refusal) {
      send(res, 403, requestId, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${refusal.replace(/[<>&"]/g, "")}</Message><RequestId>${requestId}</RequestId></Error>`);
      return;
    }
    // A target such as `//x` would parse as a host (and throw): the target is always a path here.
    const target = req.url ?? "/";
    const url = new URL(`http://sandbox${target.startsWith("/") ? target : `/${target}`}`);
    if (req.method === "GET" && url.pathname === HEALTH_PATH) {
      const body = JSON.stringify({ ok: true, ...info() });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    // The admin API (faults, publish-base): see sandbox/README.md.
    if (url.pathname.startsWith(ADMIN_PREFIX) && (await handleAdmin(cloud, req, res, url.pathname))) return;
    if (isS3Request(req.method, url, req.headers.authorization)) {
      await handleS3(cloud, req, res, requestId);
      return;
    }
    const json = req.method === "POST" ? jsonTarget(req.headers["x-amz-target"]) : undefined;
    if (json) {
      await handleJsonRequest(cloud, req, res, requestId, json);
      return;
    }
    let service: QueryService = "ec2";
    try {
      const body = req.method === "POST" ? await readBody(req) : "";
      const query = url.search.length > 1 ? url.search.slice(1) : "";
      const combined = [query, body].filter((part) => part.length > 0).join("&");
      const raw = new URLSearchParams(combined);
      const route = routeRequest(raw.get("Version") ?? undefined, req.headers.authorization, raw.get("X-Amz-Credential") ?? undefined);
      service = route.service ?? "ec2";
      const params = FormParams.parse(combined, service === "ec2" ? "ec2" : "member");
      if (!route.service) throw new ApiError("MissingParameter", "The request must contain the parameter Version (or a SigV4 credential scope naming the service)");
      const action = params.str("Action");
      if (!action) throw new ApiError("MissingAction", "The request must contain the parameter Action");
      const region = route.region ?? cloud.defaultRegion;
      if (!isRegionName(region)) throw new ApiError("InvalidParameterValue", `Invalid region in the credential scope: ${region}`);
      cloud.ensureRegion(region);
      const ctx = { cloud, region, params, requestId };
      // Faults in force (latency, throttling, injected errors) act before the request does anything.
      await cloud.faults.beforeAction(service, action, region, params);
      if (service === "ec2") {
        const handler = Object.hasOwn(ec2Actions, action) ? ec2Actions[action] : undefined;
        if (!handler) throw new ApiError("InvalidAction", `The action ${action} is not valid for this web service.`);
        if (params.bool("DryRun")) throw new ApiError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        const out = await handler(ctx);
        send(res, 200, requestId, ec2Success(action, requestId, out));
      } else {
        const { actions, namespace, version } = QUERY_SERVICES[service];
        const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
        if (!handler) throw new ApiError("InvalidAction", `Could not find operation ${action} for version ${version}`);
        const out = await handler(ctx);
        send(res, 200, requestId, querySuccess(action, requestId, out, namespace));
      }
    } catch (error) {
      const apiError = asApiError(cloud, requestId, error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, apiError.status, requestId, service === "ec2" ? ec2Error(apiError, requestId) : queryError(apiError, requestId, QUERY_SERVICES[service].namespace));
    }
  };
}

function sendJson(res: ServerResponse, status: number, requestId: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.0",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    ...extra,
  });
  res.end(body);
}

/** CloudWatch over AWS JSON 1.0 (what current SDKs send): the same handlers as the query protocol. */
async function handleJsonRequest(cloud: Cloud, req: IncomingMessage, res: ServerResponse, requestId: string, target: JsonTarget): Promise<void> {
  try {
    const body = await readBody(req);
    const params = FormParams.parse(jsonToQuery(body, target.action), "member");
    const route = routeRequest(undefined, req.headers.authorization, undefined);
    const region = route.region ?? cloud.defaultRegion;
    if (!isRegionName(region)) throw new ApiError("InvalidParameterValue", `Invalid region in the credential scope: ${region}`);
    cloud.ensureRegion(region);
    await cloud.faults.beforeAction(target.service, target.action, region, params);
    const { actions, version } = QUERY_SERVICES[target.service];
    const handler = Object.hasOwn(actions, target.action) ? actions[target.action] : undefined;
    if (!handler) throw new ApiError("InvalidAction", `Could not find operation ${target.action} for version ${version}`);
    const out = await handler({ cloud, region, params, requestId });
    sendJson(res, 200, requestId, JSON.stringify(out ? toJsonValue(out) : {}));
  } catch (error) {
    const apiError = asApiError(cloud, requestId, error);
    if (res.headersSent) return void res.destroy();
    const { body, queryError: code } = jsonError(apiError);
    sendJson(res, apiError.status, requestId, body, { "x-amzn-query-error": code });
  }
}

/** An API error as the client should see it; anything else is our bug: logged, answered as InternalError. */
function asApiError(cloud: Cloud, requestId: string, error: unknown): ApiError {
  if (isApiError(error)) return error;
  cloud.log(`internal error ${requestId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new ApiError("InternalError", "An internal error has occurred", 500);
}
