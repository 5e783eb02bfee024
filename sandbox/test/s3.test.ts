// S3 for a shared state backend: signed raw HTTP requests (as SDKs send them, including aws-chunked
// streaming bodies) and Debian's AWS CLI (its own botocore) against the same endpoint.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../src/server.js";
import { startTestSandbox, type TestSandbox } from "./helpers.js";
import { parseXml, path } from "./shapes/xml.js";
import { signedRequest, type SignedRequest } from "./signed-http.js";

const AWS = "/usr/bin/aws";
let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const s3 = (r: Omit<SignedRequest, "service">) => signedRequest(t.sandbox.endpoint, { service: "s3", ...r });

function errorCode(body: string): string | undefined {
  return path(parseXml(body), "Code");
}

describe("S3 over signed HTTP", () => {
  it("creates buckets, writes, reads and conditionally writes objects with ETags", async () => {
    expect((await s3({ method: "PUT", path: "/state" })).status).toBe(200);
    expect((await s3({ method: "HEAD", path: "/state" })).headers["x-amz-bucket-region"]).toBe("us-east-1");
    const missingBucket = await s3({ method: "GET", path: "/nope/key" });
    expect([missingBucket.status, errorCode(missingBucket.body)]).toEqual([404, "NoSuchBucket"]);
    expect(errorCode((await s3({ method: "PUT", path: "/Bad_Name" })).body)).toBe("InvalidBucketName");

    const put = await s3({ method: "PUT", path: "/state/apps/demo/state.json", body: '{"v":1}', headers: { "content-type": "application/json", "x-amz-meta-owner": "roll" } });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${createHash("md5").update('{"v":1}').digest("hex")}"`);
    const etag = put.headers.etag as string;

    const got = await s3({ method: "GET", path: "/state/apps/demo/state.json" });
    expect([got.status, got.body, got.headers.etag, got.headers["content-type"], got.headers["x-amz-meta-owner"]]).toEqual([200, '{"v":1}', etag, "application/json", "roll"]);
    const head = await s3({ method: "HEAD", path: "/state/apps/demo/state.json" });
    expect([head.status, head.headers["content-length"], head.body]).toEqual([200, "7", ""]);
    const noKey = await s3({ method: "GET", path: "/state/apps/other" });
    expect([noKey.status, errorCode(noKey.body), path(parseXml(noKey.body), "Key")]).toEqual([404, "NoSuchKey", "apps/other"]);
    const headMissing = await s3({ method: "HEAD", path: "/state/apps/other" });
    expect([headMissing.status, headMissing.body]).toEqual([404, ""]);

    // Create-only and compare-and-swap writes.
    const createOnly = await s3({ method: "PUT", path: "/state/apps/demo/state.json", body: "x", headers: { "if-none-match": "*" } });
    expect([createOnly.status, errorCode(createOnly.body)]).toEqual([412, "PreconditionFailed"]);
    expect((await s3({ method: "PUT", path: "/state/apps/demo/lock", body: "me", headers: { "if-none-match": "*" } })).status).toBe(200);
    const stale = await s3({ method: "PUT", path: "/state/apps/demo/state.json", body: '{"v":2}', headers: { "if-match": '"00000000000000000000000000000000"' } });
    expect([stale.status, errorCode(stale.body)]).toEqual([412, "PreconditionFailed"]);
    const swapped = await s3({ method: "PUT", path: "/state/apps/demo/state.json", body: '{"v":2}', headers: { "if-match": etag } });
    expect(swapped.status).toBe(200);
    expect(swapped.headers.etag).not.toBe(etag);
    const casMissing = await s3({ method: "PUT", path: "/state/apps/none", body: "x", headers: { "if-match": etag } });
    expect([casMissing.status, errorCode(casMissing.body)]).toEqual([404, "NoSuchKey"]);

    // Conditional reads.
    const notModified = await s3({ method: "GET", path: "/state/apps/demo/state.json", headers: { "if-none-match": swapped.headers.etag as string } });
    expect(notModified.status).toBe(304);
    const wrongMatch = await s3({ method: "GET", path: "/state/apps/demo/state.json", headers: { "if-match": etag } });
    expect([wrongMatch.status, errorCode(wrongMatch.body)]).toEqual([412, "PreconditionFailed"]);

    expect((await s3({ method: "DELETE", path: "/state/apps/demo/lock" })).status).toBe(204);
    expect((await s3({ method: "DELETE", path: "/state/apps/demo/lock" })).status).toBe(204);
    const notEmpty = await s3({ method: "DELETE", path: "/state" });
    expect([notEmpty.status, errorCode(notEmpty.body)]).toEqual([409, "BucketNotEmpty"]);
  });

  it("decodes aws-chunked streaming bodies", async () => {
    await s3({ method: "PUT", path: "/chunked" });
    const body = "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
    const put = await s3({ method: "PUT", path: "/chunked/greeting", body, headers: { "content-encoding": "aws-chunked", "x-amz-decoded-content-length": "11", "x-amz-trailer": "x-amz-checksum-crc32" } });
    expect(put.status).toBe(200);
    expect((await s3({ method: "GET", path: "/chunked/greeting" })).body).toBe("hello world");
  });

  it("lists with prefix, delimiter, max-keys and continuation tokens", async () => {
    await s3({ method: "PUT", path: "/listing" });
    for (const key of ["a/1", "a/2", "b/1", "c", "d", "e f+g"]) await s3({ method: "PUT", path: `/listing/${encodeURIComponent(key).replace("%2F", "/")}`, body: key });
    const parse = (body: string) => {
      const xml = parseXml(body);
      return {
        keys: xml.children.filter((c) => c.name === "Contents").map((c) => path(c, "Key")),
        prefixes: xml.children.filter((c) => c.name === "CommonPrefixes").map((c) => path(c, "Prefix")),
        truncated: path(xml, "IsTruncated"),
        next: path(xml, "NextContinuationToken"),
        count: path(xml, "KeyCount"),
      };
    };
    const top = parse((await s3({ method: "GET", path: "/listing?list-type=2&delimiter=%2F" })).body);
    expect(top).toMatchObject({ keys: ["c", "d", "e f+g"], prefixes: ["a/", "b/"], truncated: "false", count: "5" });
    const underA = parse((await s3({ method: "GET", path: "/listing?list-type=2&prefix=a%2F" })).body);
    expect(underA.keys).toEqual(["a/1", "a/2"]);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = parse((await s3({ method: "GET", path: `/listing?list-type=2&delimiter=%2F&max-keys=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ""}` })).body);
      seen.push(...(page.prefixes as string[]), ...(page.keys as string[]));
      token = page.next;
    } while (token);
    expect(seen).toEqual(["a/", "b/", "c", "d", "e f+g"]);
    const encoded = parse((await s3({ method: "GET", path: "/listing?list-type=2&prefix=e&encoding-type=url" })).body);
    expect(encoded.keys).toEqual(["e%20f%2Bg"]);
    const bad = await s3({ method: "GET", path: "/listing?list-type=2&max-keys=lots" });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, "InvalidArgument"]);
  });

  it("accepts virtual-host style addressing and keeps objects across a restart", async () => {
    const port = new URL(t.sandbox.endpoint).port;
    const viaHost = await s3({ method: "GET", path: "/apps/demo/state.json", headers: { host: `state.127.0.0.1:${port}` } });
    expect([viaHost.status, viaHost.body]).toEqual([200, '{"v":2}']);
    const other = await startSandbox({ dataDir: t.dataDir, port: 0, ipPrefix: "127.149.250", runtime: t.runtime });
    try {
      const again = await signedRequest(other.endpoint, { service: "s3", method: "GET", path: "/state/apps/demo/state.json" });
      expect(again.body).toBe('{"v":2}');
    } finally {
      await other.close();
    }
  });
});

const run = promisify(execFile);
async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run(AWS, ["--endpoint-url", t.sandbox.endpoint, "--region", "us-east-1", "--output", "json", ...args], {
    env: { PATH: "/usr/bin:/bin", HOME: t.dataDir, AWS_ACCESS_KEY_ID: "roll-sandbox", AWS_SECRET_ACCESS_KEY: "roll-sandbox", AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" },
    timeout: 30_000,
  });
  return stdout;
}

// The CLI comes from Debian's awscli package; without it this check cannot run.
it.skipIf(!existsSync(AWS))("works with the AWS CLI's s3api and s3 commands", async () => {
  await aws("s3api", "create-bucket", "--bucket", "cli-bucket");
  const file = join(t.dataDir, "upload.txt");
  writeFileSync(file, "from the cli\n");
  const put = JSON.parse(await aws("s3api", "put-object", "--bucket", "cli-bucket", "--key", "dir/one.txt", "--body", file)) as { ETag: string };
  expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  await aws("s3", "cp", file, "s3://cli-bucket/dir/two words.txt");
  const out = join(t.dataDir, "download.txt");
  const [got, listed, failure] = await Promise.all([
    aws("s3api", "get-object", "--bucket", "cli-bucket", "--key", "dir/one.txt", "--if-match", put.ETag, out).then((text) => JSON.parse(text) as { ETag: string; ContentLength: number }),
    aws("s3api", "list-objects-v2", "--bucket", "cli-bucket", "--prefix", "dir/", "--page-size", "1").then((text) => JSON.parse(text) as { Contents: { Key: string }[] }),
    aws("s3api", "get-object", "--bucket", "cli-bucket", "--key", "missing", join(t.dataDir, "missing.txt")).then(() => "", (e: { stderr: string }) => e.stderr),
  ]);
  expect(got).toMatchObject({ ETag: put.ETag, ContentLength: 13 });
  expect(readFileSync(out, "utf8")).toBe("from the cli\n");
  // --page-size 1 makes the CLI follow continuation tokens.
  expect(listed.Contents.map((c) => c.Key)).toEqual(["dir/one.txt", "dir/two words.txt"]);
  expect(failure).toContain("NoSuchKey");
});
