// Saves the model to <dataDir>/state.json atomically (write a temp file, then rename) and debounced,
// so a burst of API calls costs one write; loads it back at start.

import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { emptyState, type SandboxState } from "./types.js";

export function statePath(dataDir: string): string {
  return join(dataDir, "state.json");
}

export function loadState(dataDir: string): SandboxState {
  let text: string;
  try {
    text = readFileSync(statePath(dataDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw error;
  }
  let parsed: Partial<SandboxState>;
  try {
    parsed = JSON.parse(text) as Partial<SandboxState>;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
  } catch (error) {
    // Never overwritten: the file may be all that is left of the instances' records.
    throw new Error(
      `${statePath(dataDir)} is corrupt (${error instanceof Error ? error.message : String(error)}); it was left as it is. ` +
        `Repair it, or move it away to start with an empty sandbox (roll sandbox reset removes all sandbox data)`,
    );
  }
  if (parsed.version !== 1) throw new Error(`${statePath(dataDir)}: unsupported state version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed } as SandboxState;
}

export function saveStateNow(dataDir: string, state: SandboxState): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const target = statePath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  // User data and tags may hold what only the user should read.
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, target);
}

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly state: () => SandboxState,
    private readonly debounceMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  markDirty(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    try {
      saveStateNow(this.dataDir, this.state());
    } catch (error) {
      this.onError(error);
    }
  }
}
