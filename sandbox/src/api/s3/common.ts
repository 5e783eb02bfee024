// What the S3 handlers share: the decoded request, the response they return, S3's errors.

import type { IncomingHttpHeaders } from "node:http";
import type { Cloud } from "../../model/cloud.js";
import type { BucketRecord, ObjectStore } from "../../model/object-store.js";
import { ApiError } from "../../wire/errors.js";

export interface S3Request {
  cloud: Cloud;
  store: ObjectStore;
  region: string;
  method: string;
  bucket?: string;
  key?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export interface S3Response {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** An S3 error with the extra elements S3 puts in its error document (Key, BucketName, Condition). */
export class S3Error extends ApiError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly extra: Record<string, string | undefined> = {},
  ) {
    super(code, message, status);
  }
}

export function noSuchBucket(name: string): S3Error {
  return new S3Error("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: name });
}

export function requireBucket(req: S3Request): BucketRecord {
  const bucket = req.store.bucket(req.bucket!);
  if (!bucket) throw noSuchBucket(req.bucket!);
  return bucket;
}

export function header(req: S3Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

export function notImplemented(what: string): S3Error {
  return new S3Error("NotImplemented", `A header or query you provided implies functionality that is not implemented: ${what}`, 501);
}

export const XML_HEADERS = { "content-type": "application/xml" };
export const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
