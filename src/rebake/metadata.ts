// A version's rebake metadata, kept beside the release state: the base image it was baked on and its
// package manifest (.roll/<target>/<app>/manifests/<vN>.json). The template inputs are kept too
// (non-sensitive values only), so the next rebake rebuilds the same app, not the template's defaults.

import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { readJsonFile, writeFileAtomic } from "../releases/atomic-file.js";
import { appStateDir } from "../releases/store.js";
import type { PackageEntry } from "./manifest.js";

export interface VersionManifest {
  app: string;
  version: string;
  imageId: string;
  baseImage: { id: string; name?: string };
  capturedAt: string;
  /** The security-update step that ran, if any. */
  securityUpdate?: string;
  /** Template variables given for the bake (non-sensitive ones only). */
  vars: Record<string, string>;
  packages: PackageEntry[];
}

export function manifestPath(stateRoot: string, app: string, version: string): string {
  return join(appStateDir(stateRoot, app), "manifests", `${version}.json`);
}

export async function readVersionManifest(stateRoot: string, app: string, version: string): Promise<VersionManifest | undefined> {
  return readJsonFile<VersionManifest>(manifestPath(stateRoot, app, version));
}

export async function writeVersionManifest(stateRoot: string, manifest: VersionManifest): Promise<void> {
  await writeFileAtomic(manifestPath(stateRoot, manifest.app, manifest.version), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function removeVersionManifest(stateRoot: string, app: string, version: string): Promise<void> {
  await rm(manifestPath(stateRoot, app, version), { force: true });
}

export async function manifestVersions(stateRoot: string, app: string): Promise<string[]> {
  const names = await readdir(join(appStateDir(stateRoot, app), "manifests")).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length));
}
