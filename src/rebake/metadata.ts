// A version's rebake metadata, kept beside the release state: the base image it was baked on and its
// package manifest (.roll/<target>/<app>/manifests/<vN>.json). The template inputs are kept too
// (non-sensitive values only), so the next rebake rebuilds the same app, not the template's defaults.

import { deleteState, listState, readStateJson, statePath, writeStateJson } from "../releases/backend/index.js";
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
  return statePath(appStateDir(stateRoot, app), "manifests", `${version}.json`);
}

export async function readVersionManifest(stateRoot: string, app: string, version: string): Promise<VersionManifest | undefined> {
  return readStateJson<VersionManifest>(manifestPath(stateRoot, app, version));
}

export async function writeVersionManifest(stateRoot: string, manifest: VersionManifest): Promise<void> {
  await writeStateJson(manifestPath(stateRoot, manifest.app, manifest.version), manifest);
}

export async function removeVersionManifest(stateRoot: string, app: string, version: string): Promise<void> {
  await deleteState(manifestPath(stateRoot, app, version));
}

export async function manifestVersions(stateRoot: string, app: string): Promise<string[]> {
  const names = await listState(statePath(appStateDir(stateRoot, app), "manifests"));
  return names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length));
}
