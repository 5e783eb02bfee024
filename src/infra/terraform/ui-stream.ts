// Reads Terraform's machine-readable UI stream line by line. The first message must be `version`;
// its `ui` major version must be one roll understands (the format promises to bump the major only
// for incompatible changes, and asks readers to refuse those). Lines that are not JSON objects
// (a provider printing to stdout, a panic) are kept as text rather than crashing the reader.

import { RollError } from "../../engine/errors.js";
import type { UiMessage } from "./ui-messages.js";

export const SUPPORTED_UI_MAJOR = 1;

const KNOWN_TYPES = new Set([
  "version",
  "log",
  "diagnostic",
  "planned_change",
  "resource_drift",
  "change_summary",
  "outputs",
  "apply_start",
  "apply_progress",
  "apply_complete",
  "apply_errored",
  "refresh_start",
  "refresh_complete",
  "provision_start",
  "provision_progress",
  "provision_complete",
  "provision_errored",
]);

export type StreamItem = { kind: "message"; message: UiMessage } | { kind: "text"; line: string };

/** Parses one line; anything that is not a JSON object with a string `type` comes back as text. */
export function parseUiLine(line: string): StreamItem | undefined {
  const trimmed = line.trim();
  if (trimmed === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { kind: "text", line: trimmed };
  }
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    return { kind: "text", line: trimmed };
  }
  const type = (value as { type: string }).type;
  if (!KNOWN_TYPES.has(type)) return { kind: "message", message: { type: "unknown", original: trimmed } };
  return { kind: "message", message: value as UiMessage };
}

/** Throws unless `ui` (e.g. "1.2") has the supported major version. */
export function checkUiVersion(ui: unknown, tool = "terraform"): void {
  const major = typeof ui === "string" ? Number(ui.split(".")[0]) : NaN;
  if (major !== SUPPORTED_UI_MAJOR) {
    throw new RollError(
      "terraform-ui-version",
      `${tool} reports machine-readable UI version ${JSON.stringify(ui)}; roll reads version ${SUPPORTED_UI_MAJOR}.x only`,
      { fault: "external", hint: `use a ${tool} release whose -json output is UI version ${SUPPORTED_UI_MAJOR}.x, or --infra direct` },
    );
  }
}

/**
 * A stateful reader for one command's stream: feed it chunks of stdout, it calls `onMessage` for each
 * message after checking the version message first. Throws (from `push`) on a bad version.
 */
export function createUiStreamReader(handlers: { onMessage(message: UiMessage): void; onText?(line: string): void; tool?: string }) {
  let buffered = "";
  let versionSeen = false;

  function handleLine(line: string): void {
    const item = parseUiLine(line);
    if (!item) return;
    if (item.kind === "text") {
      handlers.onText?.(item.line);
      return;
    }
    const { message } = item;
    if (!versionSeen) {
      if (message.type !== "version") {
        throw new RollError("terraform-ui-version", `${handlers.tool ?? "terraform"}'s -json output did not start with a version message (got ${message.type})`, {
          fault: "external",
        });
      }
      checkUiVersion(message.ui, handlers.tool);
      versionSeen = true;
    }
    handlers.onMessage(message);
  }

  return {
    push(chunk: string): void {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        handleLine(line);
        newline = buffered.indexOf("\n");
      }
    },
    /** Handles a last line without a newline. */
    end(): void {
      const rest = buffered;
      buffered = "";
      handleLine(rest);
    },
    get versionSeen(): boolean {
      return versionSeen;
    },
  };
}
