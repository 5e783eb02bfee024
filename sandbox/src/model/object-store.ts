// S3 buckets and objects, persisted under <dataDir>/s3/<bucket>/: `bucket.json` (region, creation
// time, object index) and `objects/<sha256 of key>` (the bytes). Every change writes a temp file and
// renames it, and a conditional write checks and writes in one synchronous step, so two clients
// racing on `If-None-Match: *` cannot both win.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cloud } from "./cloud.js";

export interface ObjectMeta {
  etag: string;
  size: number;
  lastModified: number;
  contentType?: string;
  /** x-amz-meta-* headers, names lowercased without the prefix. */
  metadata: Record<string, string>;
}

export interface BucketRecord {
  name: string;
  region: string;
  created: number;
  objects: Record<string, ObjectMeta>;
}

const stores = new WeakMap<Cloud, ObjectStore>();

export function objectStoreOf(cloud: Cloud): ObjectStore {
  let store = stores.get(cloud);
  if (!store) stores.set(cloud, (store = new ObjectStore(join(cloud.dataDir, "s3"))));
  return store;
}

export function quotedMd5(data: Buffer): string {
  return `"${createHash("md5").update(data).digest("hex")}"`;
}

function writeAtomic(path: string, data: Buffer | string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

export class ObjectStore {
  private readonly buckets = new Map<string, BucketRecord>();

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
    for (const name of readdirSync(root)) {
      const file = join(root, name, "bucket.json");
      if (existsSync(file)) this.buckets.set(name, JSON.parse(readFileSync(file, "utf8")) as BucketRecord);
    }
  }

  list(): BucketRecord[] {
    return [...this.buckets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  bucket(name: string): BucketRecord | undefined {
    return this.buckets.get(name);
  }

  createBucket(name: string, region: string, now: number): BucketRecord {
    const bucket: BucketRecord = { name, region, created: now, objects: {} };
    mkdirSync(join(this.root, name, "objects"), { recursive: true });
    this.buckets.set(name, bucket);
    this.saveIndex(bucket);
    return bucket;
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
    rmSync(join(this.root, name), { recursive: true, force: true });
  }

  read(bucket: BucketRecord, key: string): Buffer {
    return readFileSync(this.objectPath(bucket, key));
  }

  write(bucket: BucketRecord, key: string, data: Buffer, meta: Omit<ObjectMeta, "etag" | "size">): ObjectMeta {
    const entry: ObjectMeta = { ...meta, etag: quotedMd5(data), size: data.length };
    writeAtomic(this.objectPath(bucket, key), data);
    bucket.objects[key] = entry;
    this.saveIndex(bucket);
    return entry;
  }

  delete(bucket: BucketRecord, key: string): void {
    if (!bucket.objects[key]) return;
    delete bucket.objects[key];
    this.saveIndex(bucket);
    rmSync(this.objectPath(bucket, key), { force: true });
  }

  private objectPath(bucket: BucketRecord, key: string): string {
    return join(this.root, bucket.name, "objects", createHash("sha256").update(key).digest("hex"));
  }

  private saveIndex(bucket: BucketRecord): void {
    writeAtomic(join(this.root, bucket.name, "bucket.json"), JSON.stringify(bucket));
  }
}
