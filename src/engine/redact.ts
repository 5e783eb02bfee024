// Sensitive values never leave the engine: every event passes through a redactor before any
// reporter, log or file sees it.

import type { EventSink, RollEvent } from "./events.js";

export const REDACTED = "<sensitive>";

export type Redactor = (text: string) => string;

export function createRedactor(secrets: Iterable<string>): Redactor {
  // Longest first, so a secret that contains another is replaced whole. Very short values would
  // blank out ordinary text, so they are left out (Packer does the same for empty strings).
  const values = [...new Set(secrets)].filter((value) => value.length >= 3).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const value of values) result = result.split(value).join(REDACTED);
    return result;
  };
}

function redactValue(value: unknown, redact: Redactor): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, redact)]));
  }
  return value;
}

export function redactEvent(event: RollEvent, redact: Redactor): RollEvent {
  return redactValue(event, redact) as RollEvent;
}

/** A sink that redacts every event before passing it on. */
export function redactingSink(sink: EventSink, redact: Redactor): EventSink {
  return (event) => sink(redactEvent(event, redact));
}
