// A small JSON document per service under the data dir (SSM parameters, secrets), written to a temp
// file and renamed on every change, so a restarted sandbox still has what the AWS CLI put there.

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cloud } from "./cloud.js";

const documents = new WeakMap<Cloud, Map<string, unknown>>();

export function readDocument<T>(cloud: Cloud, name: string, empty: () => T): T {
  let byName = documents.get(cloud);
  if (!byName) documents.set(cloud, (byName = new Map()));
  if (!byName.has(name)) {
    const file = join(cloud.dataDir, `${name}.json`);
    byName.set(name, existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : empty());
  }
  return byName.get(name) as T;
}

export function writeDocument(cloud: Cloud, name: string): void {
  const value = documents.get(cloud)?.get(name);
  const file = join(cloud.dataDir, `${name}.json`);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
}
