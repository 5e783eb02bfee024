// ListObjectsV2 (prefix, delimiter, max-keys, continuation-token, start-after, encoding-type=url) and
// the original ListObjects (marker). Keys come back in UTF-8 binary order; common prefixes count
// toward max-keys, as in S3.

import { S3_NS } from "../../wire/s3.js";
import { escapeXml, isoTime } from "../../wire/xml.js";
import { PROLOG, S3Error, XML_HEADERS, requireBucket, type S3Request, type S3Response } from "./common.js";

interface Listing {
  contents: string[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned, where the next page starts. */
  last?: { value: string; isPrefix: boolean };
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function list(keys: string[], prefix: string, delimiter: string | undefined, after: { value: string; isPrefix: boolean } | undefined, maxKeys: number): Listing {
  const out: Listing = { contents: [], prefixes: [], truncated: false };
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    if (after && (compareKeys(key, after.value) <= 0 || (after.isPrefix && key.startsWith(after.value)))) continue;
    let entry: { value: string; isPrefix: boolean } = { value: key, isPrefix: false };
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) entry = { value: key.slice(0, at + delimiter.length), isPrefix: true };
    }
    if (entry.isPrefix && out.last?.isPrefix && out.last.value === entry.value) continue;
    if (out.contents.length + out.prefixes.length >= maxKeys) {
      out.truncated = true;
      break;
    }
    (entry.isPrefix ? out.prefixes : out.contents).push(entry.value);
    out.last = entry;
  }
  return out;
}

function maxKeysOf(req: S3Request): number {
  const raw = req.query.get("max-keys");
  if (raw === null) return 1000;
  if (!/^\d+$/.test(raw)) throw new S3Error("InvalidArgument", "Provided max-keys not an integer or within integer range", 400, { ArgumentName: "max-keys", ArgumentValue: raw });
  return Math.min(1000, Number(raw));
}

function encoderOf(req: S3Request): (value: string) => string {
  const encoding = req.query.get("encoding-type");
  if (encoding !== null && encoding !== "url") throw new S3Error("InvalidArgument", "Invalid Encoding Method specified in Request", 400, { ArgumentName: "encoding-type", ArgumentValue: encoding });
  return encoding === "url" ? (v) => encodeURIComponent(v).replaceAll("%2F", "/") : (v) => v;
}

function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? "" : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function listObjects(req: S3Request): S3Response {
  const bucket = requireBucket(req);
  const v2 = req.query.get("list-type") === "2";
  if (req.query.has("list-type") && !v2) throw new S3Error("InvalidArgument", "Invalid List Type specified in Request", 400, { ArgumentName: "list-type" });
  const encode = encoderOf(req);
  const prefix = req.query.get("prefix") ?? "";
  const delimiter = req.query.get("delimiter") || undefined;
  const maxKeys = maxKeysOf(req);
  let after: { value: string; isPrefix: boolean } | undefined;
  const token = req.query.get("continuation-token");
  if (v2 && token !== null) {
    try {
      after = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { value: string; isPrefix: boolean };
      if (typeof after.value !== "string") throw new Error("bad token");
    } catch {
      throw new S3Error("InvalidArgument", "The continuation token provided is incorrect", 400, { ArgumentName: "continuation-token" });
    }
  } else {
    const start = v2 ? req.query.get("start-after") : req.query.get("marker");
    if (start) after = { value: start, isPrefix: false };
  }
  const keys = Object.keys(bucket.objects).sort(compareKeys);
  const result = list(keys, prefix, delimiter, after, maxKeys);
  const contents = result.contents
    .map((key) => {
      const meta = bucket.objects[key]!;
      return `<Contents>${element("Key", encode(key))}${element("LastModified", isoTime(meta.lastModified))}${element("ETag", meta.etag)}${element("Size", meta.size)}<StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join("");
  const prefixes = result.prefixes.map((p) => `<CommonPrefixes>${element("Prefix", encode(p))}</CommonPrefixes>`).join("");
  const encodingType = req.query.get("encoding-type") ?? undefined;
  let head = `${element("Name", bucket.name)}${element("Prefix", encode(prefix))}`;
  if (v2) {
    const next = result.truncated && result.last ? Buffer.from(JSON.stringify(result.last)).toString("base64url") : undefined;
    head +=
      element("KeyCount", result.contents.length + result.prefixes.length) +
      element("MaxKeys", maxKeys) +
      element("Delimiter", delimiter !== undefined ? encode(delimiter) : undefined) +
      element("IsTruncated", result.truncated) +
      element("ContinuationToken", token ?? undefined) +
      element("NextContinuationToken", next) +
      element("StartAfter", req.query.get("start-after") !== null ? encode(req.query.get("start-after")!) : undefined) +
      element("EncodingType", encodingType);
  } else {
    head +=
      element("Marker", encode(req.query.get("marker") ?? "")) +
      element("NextMarker", result.truncated && delimiter && result.last ? encode(result.last.value) : undefined) +
      element("MaxKeys", maxKeys) +
      element("Delimiter", delimiter !== undefined ? encode(delimiter) : undefined) +
      element("IsTruncated", result.truncated) +
      element("EncodingType", encodingType);
  }
  return { status: 200, headers: XML_HEADERS, body: `${PROLOG}<ListBucketResult xmlns="${S3_NS}">${head}${contents}${prefixes}</ListBucketResult>` };
}
