// The S3 backend: objects under s3://bucket/prefix, with S3's conditional writes (If-None-Match: *
// and If-Match: <etag>) so that two machines never both take a lock or overwrite each other's state.

import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { PreconditionFailed, type StateBackend } from "./types.js";

export function parseS3Path(path: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(path);
  if (!match) throw new Error(`not an s3:// path: ${path}`);
  return { bucket: match[1], key: match[2].replace(/\/+/g, "/") };
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export function s3Backend(client: S3Client): StateBackend {
  return {
    async get(path) {
      const { bucket, key } = parseS3Path(path);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { body: (await answer.Body?.transformToString("utf8")) ?? "", etag: answer.ETag ?? "" };
      } catch (error) {
        if (status(error) === 404) return undefined;
        throw error;
      }
    },
    async put(path, body, condition = {}) {
      const { bucket, key } = parseS3Path(path);
      try {
        const answer = await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: "application/json",
            IfNoneMatch: condition.ifNoneMatch,
            IfMatch: condition.ifMatch,
          }),
        );
        return answer.ETag ?? "";
      } catch (error) {
        // 412: the condition failed; 409: a concurrent conditional write to the same key won.
        if (status(error) === 412 || status(error) === 409 || (condition.ifMatch && status(error) === 404)) throw new PreconditionFailed(path);
        throw error;
      }
    },
    async delete(path) {
      const { bucket, key } = parseS3Path(path);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async list(path) {
      const { bucket, key } = parseS3Path(path);
      const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
      const names = new Set<string>();
      let token: string | undefined;
      do {
        const answer = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token }));
        for (const common of answer.CommonPrefixes ?? []) names.add(common.Prefix!.slice(prefix.length).replace(/\/$/, ""));
        for (const object of answer.Contents ?? []) names.add(object.Key!.slice(prefix.length));
        token = answer.NextContinuationToken;
      } while (token);
      return [...names].filter(Boolean).sort();
    },
  };
}
