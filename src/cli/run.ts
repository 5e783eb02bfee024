// Runs one command: picks the reporter, wires Ctrl-C and SIGTERM to one AbortController, renders the
// engine's events, and turns the result or error into the exit code.

import { describeError } from "../engine/errors.js";
import type { EventSink, ResultEvent, RollEvent, TimedEvent } from "../engine/events.js";
import { chooseReporterKind, createReporter, isCI } from "../reporters/index.js";
import { EXIT, exitCodeForError, exitCodeForOutcome } from "./exit-codes.js";

export interface RunOptions {
  title: string;
  json: boolean;
  app?: string;
}

export async function runWithReporter(
  options: RunOptions,
  work: (emit: EventSink, signal: AbortSignal) => Promise<ResultEvent>,
): Promise<number> {
  const kind = chooseReporterKind({ json: options.json, isTTY: Boolean(process.stdout.isTTY), ci: isCI(process.env) });
  const reporter = createReporter(kind, { stdout: process.stdout, stderr: process.stderr, title: options.title });
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.cancelled); // a second Ctrl-C means "now"
    reporter.onEvent({ type: "log", level: "warn", message: `${signal}: cancelling, cleaning up what this run created…` });
    controller.abort(new Error(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const emit: EventSink = (event: RollEvent) => reporter.onEvent({ ...event, time: new Date().toISOString() } as TimedEvent);
  const started = Date.now();
  let code: number;
  try {
    const result = await work(emit, controller.signal);
    emit(result);
    code = exitCodeForOutcome(result.outcome);
  } catch (error) {
    code = exitCodeForError(error);
    // Said once, as the result's reason: every reporter shows it there (the plain and Ink verdict, the
    // NDJSON result line).
    const message = describeError(error);
    emit({
      type: "result",
      app: options.app ?? "",
      outcome: code === EXIT.cancelled ? "cancelled" : "failed",
      reason: message,
      durationMs: Date.now() - started,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  await reporter.finish();
  return code;
}
