// An app's releases: one JSON object per app and target in the state backend (.roll/ or S3), changed
// with conditional writes so that no update is lost even between machines.

import { assertSafeName } from "./names.js";
import { backendFor, isPreconditionFailed, parseStateJson, statePath } from "./backend/index.js";
import type { HistoryEntry, ReleaseState, VersionRecord } from "./types.js";
import { versionNumber } from "./types.js";

export interface ReleaseStore {
  read(): Promise<ReleaseState>;
  /** Reads, changes and writes back; callers hold the app's lock, so there is no lost update. */
  update(change: (state: ReleaseState) => void): Promise<ReleaseState>;
}

export function appStateDir(stateRoot: string, app: string): string {
  assertSafeName("app", app);
  return statePath(stateRoot, app);
}

const UPDATE_ATTEMPTS = 5;

export function createReleaseStore(stateRoot: string, app: string): ReleaseStore {
  const path = statePath(appStateDir(stateRoot, app), "releases.json");
  const backend = backendFor(path);
  const empty = (): ReleaseState => ({ app, versions: [], history: [] });
  return {
    async read() {
      const object = await backend.get(path);
      return object ? parseStateJson<ReleaseState>(path, object.body) : empty();
    },
    async update(change) {
      for (let attempt = 1; ; attempt++) {
        const object = await backend.get(path);
        const state = object ? parseStateJson<ReleaseState>(path, object.body) : empty();
        change(state);
        try {
          await backend.put(path, `${JSON.stringify(state, null, 2)}\n`, object ? { ifMatch: object.etag } : { ifNoneMatch: "*" });
          return state;
        } catch (error) {
          // Someone else wrote in between (a gc, another machine): read their state and apply ours again.
          if (!isPreconditionFailed(error) || attempt >= UPDATE_ATTEMPTS) throw error;
        }
      }
    },
  };
}

export function nextVersion(state: ReleaseState, taken: Iterable<string> = []): string {
  let highest = state.lastVersion ?? 0;
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
