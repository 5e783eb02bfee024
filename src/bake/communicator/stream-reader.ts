// Pull-style reading of a channel for the SCP protocol: one status byte, one header line, or exactly
// N bytes handed on chunk by chunk (so a large download never sits in memory whole).

import type { Readable } from "node:stream";

export class StreamReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(stream: Readable) {
    stream.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.notify();
    });
    const end = () => {
      this.ended = true;
      this.notify();
    };
    stream.on("end", end);
    stream.on("close", end);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async waitForData(): Promise<void> {
    while (this.buffer.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The next byte, or undefined at the end of the stream. */
  async byte(): Promise<number | undefined> {
    await this.waitForData();
    if (this.buffer.length === 0) return undefined;
    const value = this.buffer[0]!;
    this.buffer = this.buffer.subarray(1);
    return value;
  }

  /** The next line without its "\n"; throws at the end of the stream. */
  async line(): Promise<string> {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline >= 0) {
        const line = this.buffer.subarray(0, newline).toString("utf8");
        this.buffer = this.buffer.subarray(newline + 1);
        return line;
      }
      if (this.ended) throw new Error("unexpected end of the SCP stream while reading a line");
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Hands exactly `count` bytes to `onChunk`, in order. */
  async take(count: number, onChunk: (chunk: Buffer) => Promise<void> | void): Promise<void> {
    let left = count;
    while (left > 0) {
      await this.waitForData();
      if (this.buffer.length === 0) throw new Error(`unexpected end of the SCP stream (${left} bytes missing)`);
      const chunk = this.buffer.subarray(0, Math.min(left, this.buffer.length));
      this.buffer = this.buffer.subarray(chunk.length);
      left -= chunk.length;
      await onChunk(chunk);
    }
  }
}
