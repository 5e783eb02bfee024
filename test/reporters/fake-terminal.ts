// A stand-in for a terminal: records what Ink writes and replays it on a tiny screen model (text,
// newlines, cursor up, erase line, clear screen), so a test reads what a person would see, including
// the lines Ink wrote once above its live area. Enough to avoid installing ink-testing-library.

import { EventEmitter } from "node:events";

const TOKEN = /\u001B\[([0-9;?<>]*)([A-Za-z])|\u001B\][^\u0007]*\u0007|\n|\r|[^\u001B\n\r]+/g;

export class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly writes: string[] = [];
  private lines: string[] = [""];
  private row = 0;

  constructor(columns = 100, rows = 60) {
    super();
    this.columns = columns;
    this.rows = rows;
  }

  write(chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: () => void): boolean {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    this.writes.push(text);
    this.feed(text);
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  }

  /** Everything on the screen and in the scrollback, without colours. */
  screen(): string {
    return this.lines.join("\n").replace(/\s+$/, "");
  }

  /** Cast for APIs typed with Node's WriteStream; Ink only uses what this class implements. */
  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }

  private feed(text: string): void {
    for (const match of text.matchAll(TOKEN)) {
      const [token, params, command] = match;
      if (token === "\n") {
        this.row += 1;
        if (this.row === this.lines.length) this.lines.push("");
      } else if (token === "\r") {
        // Column tracking is not needed: Ink always rewrites whole lines.
      } else if (command !== undefined) {
        this.control(params ?? "", command);
      } else if (!token.startsWith("\u001B")) {
        this.lines[this.row] += token;
      }
    }
  }

  private control(params: string, command: string): void {
    const count = Number.parseInt(params, 10) || 1;
    if (command === "A") this.row = Math.max(0, this.row - count);
    if (command === "K") this.lines[this.row] = "";
    if (command === "J" && (params === "2" || params === "3")) {
      this.lines = [""];
      this.row = 0;
    }
  }
}
