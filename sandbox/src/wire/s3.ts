// S3's REST wire format: where the bucket and key are (path style, or virtual-host style
// `bucket.127.0.0.1`), request bodies (including SigV4 `aws-chunked` streaming bodies), and the XML
// error document `<Error><Code>…</Code><Message>…</Message>…</Error>`.

import type { IncomingMessage } from "node:http";
import { ApiError } from "./errors.js";
import { escapeXml } from "./xml.js";

export const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

export interface S3Address {
  bucket?: string;
  key?: string;
  query: URLSearchParams;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ApiError("InvalidURI", "Couldn't parse the specified URI.");
  }
}

/** Bucket and key from the raw request target (not normalised: a key may contain `..` or `//`). */
export function s3Address(rawUrl: string, host: string | undefined): S3Address {
  const q = rawUrl.indexOf("?");
  const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : "");
  const hostName = (host ?? "").replace(/:\d+$/, "");
  const virtual = /^(.+)\.(localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(hostName);
  const path = rawPath.startsWith("/") ? rawPath.slice(1) : rawPath;
  if (virtual) return { bucket: virtual[1], key: path === "" ? undefined : decode(path), query };
  if (path === "") return { query };
  const slash = path.indexOf("/");
  if (slash < 0) return { bucket: decode(path), query };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key === "" ? undefined : decode(key), query };
}

export function readRawBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_OBJECT_BYTES + 1024 * 1024) {
        failed = true;
        reject(new ApiError("EntityTooLarge", `Your proposed upload exceeds the maximum allowed size of the sandbox (${MAX_OBJECT_BYTES} bytes)`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

/** Decodes a SigV4 streaming body: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n[trailers]\r\n`. */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd < 0) throw new ApiError("IncompleteBody", "The request body terminated unexpectedly");
    const header = body.subarray(offset, lineEnd).toString("latin1");
    const size = Number.parseInt(header.split(";")[0]!.trim(), 16);
    if (!Number.isInteger(size) || size < 0 || !/^[0-9a-fA-F]+$/.test(header.split(";")[0]!.trim())) {
      throw new ApiError("InvalidRequest", "Invalid chunk header in the aws-chunked request body");
    }
    offset = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts); // trailers (checksums) follow; not verified
    if (offset + size > body.length) throw new ApiError("IncompleteBody", "The request body terminated unexpectedly");
    parts.push(body.subarray(offset, offset + size));
    offset += size;
    if (body.subarray(offset, offset + 2).toString("latin1") !== "\r\n") throw new ApiError("InvalidRequest", "Invalid chunk terminator in the aws-chunked request body");
    offset += 2;
  }
}

export function isAwsChunked(req: IncomingMessage): boolean {
  const sha = String(req.headers["x-amz-content-sha256"] ?? "");
  const encoding = String(req.headers["content-encoding"] ?? "");
  return sha.startsWith("STREAMING-") || encoding.split(",").some((e) => e.trim() === "aws-chunked");
}

export function s3ErrorXml(error: ApiError, requestId: string, extra: Record<string, string | undefined> = {}): string {
  let fields = "";
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) fields += `<${name}>${escapeXml(value)}</${name}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `${fields}<RequestId>${requestId}</RequestId><HostId>${Buffer.from(requestId).toString("base64")}</HostId></Error>`
  );
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
