// S3 buckets: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation.

import { ACCOUNT_ID } from "../../model/ids.js";
import { S3_NS } from "../../wire/s3.js";
import { escapeXml, isoTime } from "../../wire/xml.js";
import { PROLOG, S3Error, XML_HEADERS, header, noSuchBucket, type S3Request, type S3Response } from "./common.js";

function checkBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|\.-|-\./.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name) && !name.startsWith("xn--");
  if (!valid) throw new S3Error("InvalidBucketName", "The specified bucket is not valid.", 400, { BucketName: name });
}

export function createBucket(req: S3Request): S3Response {
  const name = req.bucket!;
  checkBucketName(name);
  const body = req.body.toString("utf8");
  const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(body)?.[1];
  const region = constraint && constraint !== "" ? constraint : "us-east-1";
  if (constraint === undefined && req.region !== "us-east-1") {
    // Outside us-east-1 a bucket must be created with a matching location constraint.
    throw new S3Error("IllegalLocationConstraintException", `The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
  }
  if (constraint !== undefined && constraint !== req.region) {
    throw new S3Error("IllegalLocationConstraintException", `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
  }
  const existing = req.store.bucket(name);
  if (existing) {
    // us-east-1 answers success to its owner for historical reasons; every other region refuses.
    if (existing.region === "us-east-1" && region === "us-east-1") return { status: 200, headers: { location: `/${name}` } };
    throw new S3Error("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, { BucketName: name });
  }
  req.store.createBucket(name, region, req.cloud.now());
  return { status: 200, headers: { location: `/${name}` } };
}

export function headBucket(req: S3Request): S3Response {
  const bucket = req.store.bucket(req.bucket!);
  if (!bucket) throw noSuchBucket(req.bucket!);
  return { status: 200, headers: { "x-amz-bucket-region": bucket.region, "x-amz-access-point-alias": "false" } };
}

export function deleteBucket(req: S3Request): S3Response {
  const bucket = req.store.bucket(req.bucket!);
  if (!bucket) throw noSuchBucket(req.bucket!);
  if (Object.keys(bucket.objects).length > 0) {
    throw new S3Error("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, { BucketName: bucket.name });
  }
  req.store.deleteBucket(bucket.name);
  return { status: 204 };
}

export function listBuckets(req: S3Request): S3Response {
  const buckets = req.store
    .list()
    .map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${isoTime(b.created)}</CreationDate></Bucket>`)
    .join("");
  return {
    status: 200,
    headers: XML_HEADERS,
    body: `${PROLOG}<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>${ACCOUNT_ID}</ID><DisplayName>sandbox</DisplayName></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
  };
}

export function getBucketLocation(req: S3Request): S3Response {
  const bucket = req.store.bucket(req.bucket!);
  if (!bucket) throw noSuchBucket(req.bucket!);
  // us-east-1 is reported as an empty constraint.
  const value = bucket.region === "us-east-1" ? "" : bucket.region;
  return { status: 200, headers: XML_HEADERS, body: `${PROLOG}<LocationConstraint xmlns="${S3_NS}">${escapeXml(value)}</LocationConstraint>` };
}

export function expectedOwner(req: S3Request): void {
  const owner = header(req, "x-amz-expected-bucket-owner");
  if (owner !== undefined && owner !== ACCOUNT_ID) throw new S3Error("AccessDenied", "Access Denied", 403);
}
