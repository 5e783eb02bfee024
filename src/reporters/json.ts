// NDJSON: one event per line on stdout, each with an ISO `time`. Machines read this, so stdout carries
// nothing else, and the `result` line comes last and once: it is held back until finish(), so that
// cleanup events emitted after the verdict still land before it.

import type { ResultEvent, RollEvent, TimedEvent } from "../engine/events.js";
import { stampEvent } from "./time.js";
import type { OutputStream, Reporter, ReporterOptions } from "./types.js";

export class JsonReporter implements Reporter {
  private readonly stdout: OutputStream;
  private readonly stderr: OutputStream;
  private result: (ResultEvent & { time: string }) | undefined;
  private finished = false;

  constructor(options: ReporterOptions) {
    this.stdout = options.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  onEvent(event: TimedEvent | RollEvent): void {
    if (this.finished) return;
    const timed = stampEvent(event);
    if (timed.type === "result") {
      if (this.result) {
        this.stderr.write(`roll: ignored a second result event (${timed.outcome}); the first one (${this.result.outcome}) stands\n`);
        return;
      }
      this.result = timed;
      return;
    }
    this.stdout.write(toLine(timed));
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    // Waiting for the write callback means the line has reached the OS before the CLI exits.
    await new Promise<void>((resolve, reject) => {
      this.stdout.write(this.result ? toLine(this.result) : "", (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}

function toLine(event: TimedEvent): string {
  const { time, ...rest } = event;
  return `${JSON.stringify({ time, ...rest })}\n`;
}
