// Saves the model to <dataDir>/state.json atomically (write a temp file, then rename) and debounced,
// so a burst of API calls costs one write; loads it back at start.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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
  const parsed = JSON.parse(text) as Partial<SandboxState>;
  if (parsed.version !== 1) throw new Error(`${statePath(dataDir)}: unsupported state version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed } as SandboxState;
}

export function saveStateNow(dataDir: string, state: SandboxState): void {
  mkdirSync(dataDir, { recursive: true });
  const target = statePath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
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
