// The one HTTP endpoint: decodes a query-protocol request, routes it to EC2 or Auto Scaling, runs the
// handler and writes the protocol's envelope. Nothing a client sends can crash the server: unknown
// failures become InternalError (500) and are logged.

import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Cloud } from "../model/cloud.js";
import { ApiError, isApiError } from "../wire/errors.js";
import { ec2Error, ec2Success, queryError, querySuccess } from "../wire/envelope.js";
import { FormParams } from "../wire/form.js";
import { isRegionName, routeRequest } from "../wire/route.js";
import { autoScalingActions } from "./autoscaling/index.js";
import { ec2Actions } from "./ec2/index.js";

const MAX_BODY = 16 * 1024 * 1024;

export const HEALTH_PATH = "/__sandbox/health";

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
    const url = new URL(req.url ?? "/", "http://sandbox");
    if (req.method === "GET" && url.pathname === HEALTH_PATH) {
      const body = JSON.stringify({ ok: true, ...info() });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    let service: "ec2" | "autoscaling" = "ec2";
    try {
      const body = req.method === "POST" ? await readBody(req) : "";
      const query = url.search.length > 1 ? url.search.slice(1) : "";
      const combined = [query, body].filter((part) => part.length > 0).join("&");
      const raw = new URLSearchParams(combined);
      const route = routeRequest(raw.get("Version") ?? undefined, req.headers.authorization, raw.get("X-Amz-Credential") ?? undefined);
      service = route.service ?? "ec2";
      const params = FormParams.parse(combined, service === "ec2" ? "ec2" : "member");
      if (!route.service) throw new ApiError("MissingParameter", "The request must contain the parameter Version (or a SigV4 credential scope naming ec2 or autoscaling)");
      const action = params.str("Action");
      if (!action) throw new ApiError("MissingAction", "The request must contain the parameter Action");
      const region = route.region ?? cloud.defaultRegion;
      if (!isRegionName(region)) throw new ApiError("InvalidParameterValue", `Invalid region in the credential scope: ${region}`);
      cloud.ensureRegion(region);
      const ctx = { cloud, region, params, requestId };
      if (service === "ec2") {
        const handler = ec2Actions[action];
        if (!handler) throw new ApiError("InvalidAction", `The action ${action} is not valid for this web service.`);
        if (params.bool("DryRun")) throw new ApiError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        const out = await handler(ctx);
        send(res, 200, requestId, ec2Success(action, requestId, out));
      } else {
        const handler = autoScalingActions[action];
        if (!handler) throw new ApiError("InvalidAction", `Could not find operation ${action} for version 2011-01-01`);
        const out = await handler(ctx);
        send(res, 200, requestId, querySuccess(action, requestId, out));
      }
    } catch (error) {
      let apiError: ApiError;
      if (isApiError(error)) apiError = error;
      else {
        cloud.log(`internal error ${requestId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        apiError = new ApiError("InternalError", "An internal error has occurred", 500);
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, apiError.status, requestId, service === "ec2" ? ec2Error(apiError, requestId) : queryError(apiError, requestId));
    }
  };
}
