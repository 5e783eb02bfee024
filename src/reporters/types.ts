// What every reporter offers the CLI: it is fed events and flushed at the end. Reporters render;
// they never drive the engine.

import type { Writable } from "node:stream";
import type { RollEvent, TimedEvent } from "../engine/events.js";

export type ReporterKind = "ink" | "plain" | "json";

export type OutputStream = NodeJS.WriteStream | Writable;

export interface ReporterOptions {
  stdout: OutputStream;
  /** Where a reporter puts diagnostics that must not mix with its main output; default process.stderr. */
  stderr?: OutputStream;
  /** Shown as the heading of the live view, e.g. "roll deploy demo". */
  title: string;
  /** Also show events that are usually folded away (unchanged refresh polls, repeated tables). */
  verbose?: boolean;
}

export interface Reporter {
  onEvent(event: TimedEvent | RollEvent): void;
  /** Writes what is still buffered (the final frame, the result line) and lets go of the terminal. */
  finish(): Promise<void>;
}
