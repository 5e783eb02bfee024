// The run journal: before each side-effecting phase the run writes what it is about to do, so that a
// run killed with SIGKILL leaves enough behind for the next one to report what it finds and repair it.
// One file per app (runs of an app are serialized by the lock); removed when a run ends cleanly.

import { deleteState, readStateJson, statePath, writeStateJson } from "./backend/index.js";

export interface JournalEntry {
  runId: string;
  pid: number;
  command: string;
  startedAt: string;
  /** The phase the run was in when it last wrote. */
  phase: string;
  version?: string;
  imageId?: string;
  /** The live version when the run started. */
  previous?: string;
  groupName?: string;
  refreshId?: string;
  /** Launch-template version the refresh moves to. */
  launchTemplateVersion?: number;
  updatedAt: string;
}

export interface Journal {
  read(): Promise<JournalEntry | undefined>;
  write(entry: Omit<JournalEntry, "updatedAt">): Promise<void>;
  update(change: Partial<JournalEntry>): Promise<void>;
  clear(): Promise<void>;
}

export function createJournal(appDir: string): Journal {
  const path = statePath(appDir, "journal.json");
  let current: JournalEntry | undefined;
  return {
    read: () => readStateJson<JournalEntry>(path),
    async write(entry) {
      current = { ...entry, updatedAt: new Date().toISOString() };
      await writeStateJson(path, current);
    },
    async update(change) {
      if (!current) throw new Error("journal.update before journal.write");
      current = { ...current, ...change, updatedAt: new Date().toISOString() };
      await writeStateJson(path, current);
    },
    async clear() {
      current = undefined;
      await deleteState(path);
    },
  };
}
