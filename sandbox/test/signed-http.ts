// Raw HTTP requests signed with SigV4 (as any AWS client signs them), for services we have no SDK
// client for here (ELBv2, CloudWatch, S3). The sandbox accepts any signature, but a real one proves
// it accepts what real clients send.

import { createHash, createHmac } from "node:crypto";
import { request } from "node:http";

export const ACCESS_KEY = "roll-sandbox";
const SECRET_KEY = "roll-sandbox";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

function encodePath(path: string): string {
  return path
    .split("/")
    .map((part) => {
      try {
        return encodeURIComponent(decodeURIComponent(part));
      } catch {
        return part; // a deliberately malformed escape (fuzzing): sign it as it is
      }
    })
    .join("/");
}

export interface SignedRequest {
  method: string;
  /** Path with query string, e.g. "/bucket/key?list-type=2". */
  path: string;
  service: string;
  region?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Skip the Authorization header (an unsigned request). */
  unsigned?: boolean;
}

export function signedRequest(endpoint: string, r: SignedRequest): Promise<RawResponse> {
  const url = new URL(endpoint);
  const body = r.body ?? "";
  const region = r.region ?? "us-east-1";
  const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256(body);
  const headers: Record<string, string> = { host: url.host, "x-amz-date": amzDate, "x-amz-content-sha256": payloadHash, ...r.headers };
  const [rawPath, rawQuery = ""] = r.path.split("?", 2) as [string, string?];
  if (!r.unsigned) {
    const query = [...new URLSearchParams(rawQuery)]
      .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
    const canonicalHeaders = names.map((n) => `${n}:${String(Object.entries(headers).find(([k]) => k.toLowerCase() === n)![1]).trim()}\n`).join("");
    const canonical = [r.method, encodePath(rawPath), query, canonicalHeaders, names.join(";"), payloadHash].join("\n");
    const scope = `${date}/${region}/${r.service}/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${SECRET_KEY}`, date), region), r.service), "aws4_request");
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${scope}, SignedHeaders=${names.join(";")}, Signature=${createHmac("sha256", key).update(toSign).digest("hex")}`;
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** An awsQuery call: `Action=…&Version=…` form-encoded, POST /. */
export function queryCall(endpoint: string, service: "elasticloadbalancing" | "monitoring" | "autoscaling" | "ec2", version: string, action: string, params: Record<string, string | number | boolean> = {}): Promise<RawResponse> {
  const form = new URLSearchParams({ Action: action, Version: version });
  for (const [k, v] of Object.entries(params)) form.append(k, String(v));
  return signedRequest(endpoint, { method: "POST", path: "/", service, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: form.toString() });
}

export const elbv2 = (endpoint: string, action: string, params?: Record<string, string | number | boolean>) => queryCall(endpoint, "elasticloadbalancing", "2015-12-01", action, params);
export const cloudwatch = (endpoint: string, action: string, params?: Record<string, string | number | boolean>) => queryCall(endpoint, "monitoring", "2010-08-01", action, params);
