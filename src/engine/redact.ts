// Sensitive values never leave the engine: every event passes through a redactor before any
// reporter, log or file sees it.

import type { EventSink, RollEvent } from "./events.js";

export const REDACTED = "<sensitive>";

export type Redactor = (text: string) => string;

/** Shorter fragments (a line of a multi-line secret, a piece of its base64) would blank ordinary text. */
const MIN_FRAGMENT = 6;

/**
 * The base64 text of `value` wherever it sits in a larger encoded blob: for each of the three byte
 * alignments, the characters that depend on the value's bytes alone.
 */
function base64Cores(value: Buffer, alphabet: "base64" | "base64url"): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), value]).toString(alphabet).replace(/=+$/, "");
    const start = shift === 0 ? 0 : shift + 1; // characters mixing the padding bytes with the value's
    const end = Math.floor(((shift + value.length) * 8) / 6); // the last partial character needs the next byte
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

/**
 * Every form in which a secret may show up in text roll handles: itself, each line of a multi-line
 * value (a provisioner prints them one by one), its JSON and URL escapes, base64 (both alphabets, any
 * alignment) and hex. This is what "redaction by construction" can promise for text: any string
 * that carries the value, or one of these encodings of it, is redacted.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const lines = secret.split(/\r?\n/).map((line) => line.trim());
  if (lines.length > 1) for (const line of lines) if (line.length >= MIN_FRAGMENT) forms.add(line);
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(encodeURIComponent(secret));
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length >= 4) {
    for (const core of [...base64Cores(bytes, "base64"), ...base64Cores(bytes, "base64url")]) if (core.length >= MIN_FRAGMENT) forms.add(core);
    forms.add(bytes.toString("hex"));
  }
  return [...forms];
}

export function createRedactor(secrets: Iterable<string>): Redactor {
  // Longest first, so a secret that contains another is replaced whole. Very short values would
  // blank out ordinary text, so they are left out (Packer does the same for empty strings).
  const values = [...new Set([...secrets].filter((value) => value.length >= 3).flatMap(secretForms))]
    .filter((value) => value.length >= 3)
    .sort((a, b) => b.length - a.length);
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

/**
 * The same error with its message (and hint) redacted, for errors leaving a run that knows secrets:
 * whatever threw (a library quoting an argument, a failed command echoing its input), the CLI and
 * every record see only the redacted text. Changed in place so the error's kind and code stay.
 */
export function redactError<T>(error: T, redact: Redactor): T {
  if (!(error instanceof Error)) return (typeof error === "string" ? redact(error) : error) as T;
  error.message = redact(error.message);
  const withHint = error as Error & { hint?: string };
  if (typeof withHint.hint === "string") Object.defineProperty(error, "hint", { value: redact(withHint.hint) });
  if (error.stack) error.stack = redact(error.stack);
  return error;
}
