// The S3 REST endpoint, enough for a shared state backend: buckets, objects with ETags and
// conditional writes, listings. Requests are path style (`/bucket/key`) or virtual-host style
// (`bucket.127.0.0.1`); errors are S3's XML `<Error>` document (no body for HEAD).

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Cloud } from "../../model/cloud.js";
import { objectStoreOf } from "../../model/object-store.js";
import { ApiError, isApiError } from "../../wire/errors.js";
import { isRegionName, signingScope } from "../../wire/route.js";
import { decodeAwsChunked, isAwsChunked, readRawBody, s3Address, s3ErrorXml } from "../../wire/s3.js";
import { createBucket, deleteBucket, expectedOwner, getBucketLocation, headBucket, listBuckets } from "./buckets.js";
import { S3Error, notImplemented, type S3Request, type S3Response } from "./common.js";
import { listObjects } from "./list.js";
import { deleteObject, getObject, headObject, putObject } from "./objects.js";

/** Sub-resources S3 has that the sandbox does not implement. */
const UNSUPPORTED = [
  "acl", "policy", "versioning", "tagging", "cors", "lifecycle", "uploads", "uploadId", "website", "encryption",
  "logging", "notification", "replication", "object-lock", "ownershipControls", "publicAccessBlock", "accelerate",
  "requestPayment", "analytics", "inventory", "metrics", "intelligent-tiering", "delete", "retention", "legal-hold",
  "torrent", "attributes", "versions", "restore", "select", "policyStatus",
];

function methodNotAllowed(method: string): S3Error {
  return new S3Error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, { Method: method, ResourceType: "OBJECT" });
}

function dispatch(req: S3Request): S3Response {
  const unsupported = UNSUPPORTED.find((name) => req.query.has(name));
  if (unsupported) throw notImplemented(`?${unsupported}`);
  if (req.bucket === undefined) {
    if (req.method === "GET") return listBuckets(req);
    throw methodNotAllowed(req.method);
  }
  expectedOwner(req);
  if (req.key === undefined) {
    if (req.query.has("location")) {
      if (req.method === "GET") return getBucketLocation(req);
      throw methodNotAllowed(req.method);
    }
    switch (req.method) {
      case "PUT":
        return createBucket(req);
      case "HEAD":
        return headBucket(req);
      case "DELETE":
        return deleteBucket(req);
      case "GET":
        return listObjects(req);
      default:
        throw methodNotAllowed(req.method);
    }
  }
  switch (req.method) {
    case "PUT":
      return putObject(req);
    case "GET":
      return getObject(req);
    case "HEAD":
      return headObject(req);
    case "DELETE":
      return deleteObject(req);
    case "POST":
      throw notImplemented("POST on an object (multipart uploads, restore, select)");
    default:
      throw methodNotAllowed(req.method);
  }
}

function write(res: ServerResponse, method: string, requestId: string, response: S3Response): void {
  const body = method === "HEAD" || response.status === 304 || response.status === 204 ? undefined : response.body;
  const headers: Record<string, string | number> = {
    "x-amz-request-id": requestId,
    "x-amz-id-2": Buffer.from(requestId).toString("base64"),
    server: "AmazonS3",
    ...response.headers,
  };
  if (method !== "HEAD" || headers["content-length"] === undefined) headers["content-length"] = body === undefined ? 0 : Buffer.byteLength(body);
  res.writeHead(response.status, headers);
  res.end(body);
}

export async function handleS3(cloud: Cloud, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const method = req.method ?? "GET";
  try {
    const address = s3Address(req.url ?? "/", req.headers.host);
    const scope = signingScope(req.headers.authorization, address.query.get("X-Amz-Credential") ?? undefined);
    const region = scope.region ?? cloud.defaultRegion;
    if (!isRegionName(region)) throw new S3Error("AuthorizationHeaderMalformed", `The authorization header is malformed; the region '${region}' is wrong.`, 400);
    let body = await readRawBody(req);
    if (isAwsChunked(req)) body = decodeAwsChunked(body);
    const response = dispatch({ cloud, store: objectStoreOf(cloud), region, method, bucket: address.bucket, key: address.key, query: address.query, headers: req.headers, body, requestId });
    write(res, method, requestId, response);
  } catch (error) {
    let apiError: ApiError;
    if (isApiError(error)) apiError = error;
    else {
      cloud.log(`internal error ${requestId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      apiError = new ApiError("InternalError", "We encountered an internal error. Please try again.", 500);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const extra = error instanceof S3Error ? error.extra : {};
    write(res, method, requestId, { status: apiError.status, headers: { "content-type": "application/xml" }, body: s3ErrorXml(apiError, requestId, extra) });
  }
}
