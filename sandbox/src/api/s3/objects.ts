// S3 objects: PutObject (with `If-None-Match: *` and `If-Match: <etag>` conditional writes),
// GetObject / HeadObject (If-Match -> 412, If-None-Match -> 304), DeleteObject.

import { createHash } from "node:crypto";
import type { BucketRecord, ObjectMeta } from "../../model/object-store.js";
import { httpDate } from "../../wire/s3.js";
import { S3Error, header, notImplemented, requireBucket, type S3Request, type S3Response } from "./common.js";

const MAX_KEY_BYTES = 1024;

function noSuchKey(key: string): S3Error {
  return new S3Error("NoSuchKey", "The specified key does not exist.", 404, { Key: key });
}

function preconditionFailed(condition: string): S3Error {
  return new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, { Condition: condition });
}

/** ETag lists as HTTP sends them: `"a", "b"` or `*`; quotes are optional for a single value. */
function etagMatches(list: string, etag: string): boolean {
  return list.split(",").map((v) => v.trim()).some((v) => v === "*" || v === etag || `"${v}"` === etag || v === `W/${etag}`);
}

function objectHeaders(meta: ObjectMeta): Record<string, string> {
  const headers: Record<string, string> = {
    etag: meta.etag,
    "last-modified": httpDate(meta.lastModified),
    "content-type": meta.contentType ?? "binary/octet-stream",
    "accept-ranges": "bytes",
  };
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

export function putObject(req: S3Request): S3Response {
  const bucket = requireBucket(req);
  const key = req.key!;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error("KeyTooLongError", "Your key is too long", 400);
  if (header(req, "x-amz-copy-source") !== undefined) throw notImplemented("CopyObject (x-amz-copy-source)");
  const md5 = header(req, "content-md5");
  if (md5 !== undefined && createHash("md5").update(req.body).digest("base64") !== md5) {
    throw new S3Error("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
  }
  const existing = bucket.objects[key];
  const ifNoneMatch = header(req, "if-none-match");
  const ifMatch = header(req, "if-match");
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== "*") throw notImplemented("If-None-Match on PutObject supports only *");
    if (existing) throw preconditionFailed("If-None-Match");
  }
  if (ifMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed("If-Match");
  }
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith("x-amz-meta-") && value !== undefined) metadata[name.slice("x-amz-meta-".length)] = Array.isArray(value) ? value.join(",") : value;
  }
  const meta = req.store.write(bucket, key, req.body, { lastModified: req.cloud.now(), contentType: header(req, "content-type"), metadata });
  return { status: 200, headers: { etag: meta.etag } };
}

function readable(req: S3Request): { bucket: BucketRecord; meta: ObjectMeta } | S3Response {
  const bucket = requireBucket(req);
  const meta = bucket.objects[req.key!];
  if (!meta) throw noSuchKey(req.key!);
  const ifMatch = header(req, "if-match");
  if (ifMatch !== undefined && !etagMatches(ifMatch, meta.etag)) throw preconditionFailed("If-Match");
  const ifNoneMatch = header(req, "if-none-match");
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, meta.etag)) {
    return { status: 304, headers: { etag: meta.etag, "last-modified": httpDate(meta.lastModified) } };
  }
  return { bucket, meta };
}

export function getObject(req: S3Request): S3Response {
  const found = readable(req);
  if ("status" in found) return found;
  const data = req.store.read(found.bucket, req.key!);
  return { status: 200, headers: objectHeaders(found.meta), body: data };
}

export function headObject(req: S3Request): S3Response {
  const found = readable(req);
  if ("status" in found) return found;
  return { status: 200, headers: { ...objectHeaders(found.meta), "content-length": String(found.meta.size) } };
}

export function deleteObject(req: S3Request): S3Response {
  const bucket = requireBucket(req);
  // Deleting a key that does not exist succeeds.
  req.store.delete(bucket, req.key!);
  return { status: 204 };
}
