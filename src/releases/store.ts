// The local state backend: one JSON file per app and target under .roll/, written atomically.

import { join } from "node:path";
import { readJsonFile, writeFileAtomic } from "./atomic-file.js";
import type { HistoryEntry, ReleaseState, VersionRecord } from "./types.js";
import { versionNumber } from "./types.js";

export interface ReleaseStore {
  read(): Promise<ReleaseState>;
  /** Reads, changes and writes back; callers hold the app's lock, so there is no lost update. */
  update(change: (state: ReleaseState) => void): Promise<ReleaseState>;
}

export function appStateDir(stateRoot: string, app: string): string {
  return join(stateRoot, app);
}

export function createReleaseStore(stateRoot: string, app: string): ReleaseStore {
  const path = join(appStateDir(stateRoot, app), "releases.json");
  const read = async (): Promise<ReleaseState> =>
    (await readJsonFile<ReleaseState>(path)) ?? { app, versions: [], history: [] };
  return {
    read,
    async update(change) {
      const state = await read();
      change(state);
      await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
      return state;
    },
  };
}

export function nextVersion(state: ReleaseState, taken: Iterable<string> = []): string {
  let highest = 0;
  for (const version of [...state.versions.map((v) => v.version), ...taken]) {
    const number = versionNumber(version);
    if (number > highest) highest = number;
  }
  return `v${highest + 1}`;
}

export function findVersion(state: ReleaseState, version: string): VersionRecord | undefined {
  return state.versions.find((record) => record.version === version);
}

export function liveVersion(state: ReleaseState): VersionRecord | undefined {
  return state.live ? findVersion(state, state.live) : undefined;
}

/** "previous" is the live version before the current one, from the history of successful releases. */
export function resolveTarget(state: ReleaseState, requested: string): string | undefined {
  if (requested !== "previous") return requested;
  const deployed = state.history.filter((entry) => entry.outcome === "deployed").map((entry) => entry.version);
  for (let index = deployed.length - 1; index >= 0; index--) {
    if (deployed[index] !== state.live) return deployed[index];
  }
  return undefined;
}

export function recordHistory(state: ReleaseState, entry: HistoryEntry): void {
  state.history.push(entry);
  if (entry.outcome === "deployed") state.live = entry.version;
}
