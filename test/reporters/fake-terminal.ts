// A stand-in for a terminal's stdout: records what Ink writes and answers the size questions Ink asks.
// Enough to read Ink's frames without installing ink-testing-library.

import { EventEmitter } from "node:events";

const ANSI = /\u001B\[[0-9;?<>]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g;

export class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly writes: string[] = [];

  constructor(columns = 100, rows = 60) {
    super();
    this.columns = columns;
    this.rows = rows;
  }

  write(chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: () => void): boolean {
    this.writes.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  }

  /** The last frame Ink drew, without colours or cursor movement. */
  lastFrame(): string {
    const frames = this.writes.map(stripAnsi).filter((text) => text.trim() !== "");
    return frames.at(-1) ?? "";
  }
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}
