// Reading Terraform's machine-readable UI stream, on genuine transcripts recorded from Terraform 1.11.
import { describe, expect, it } from "vitest";
import { isRollError } from "../../../src/engine/errors.js";
import { createUiStreamReader, parseUiLine } from "../../../src/infra/terraform/ui-stream.js";
import type { UiMessage } from "../../../src/infra/terraform/ui-messages.js";
import { GROUP, transcript } from "./transcripts.js";

function readAll(text: string, chunkSize = 37): UiMessage[] {
  const messages: UiMessage[] = [];
  const reader = createUiStreamReader({ onMessage: (message) => messages.push(message) });
  // Chunks that split lines (and JSON) anywhere, as a pipe delivers them.
  for (let i = 0; i < text.length; i += chunkSize) reader.push(text.slice(i, i + chunkSize));
  reader.end();
  return messages;
}

describe("machine-readable UI stream", () => {
  it("reads a recorded apply, in order, whatever the chunking", () => {
    const text = transcript("apply-create", "apply.out");
    const types = readAll(text).map((m) => m.type);
    expect(types).toEqual([
      "version",
      "planned_change",
      "planned_change",
      "apply_start",
      "apply_complete",
      "apply_start",
      "apply_progress",
      "apply_complete",
      "change_summary",
      "outputs",
    ]);
    expect(readAll(text, 1).map((m) => m.type)).toEqual(types);
    expect(readAll(text, 100_000).map((m) => m.type)).toEqual(types);
  });

  it("keeps the fields roll uses: hook elapsed time, ids, the change summary", () => {
    const messages = readAll(transcript("apply-create", "apply.out"));
    const progress = messages.find((m) => m.type === "apply_progress");
    expect(progress).toMatchObject({ hook: { resource: { addr: GROUP }, action: "create", elapsed_seconds: 10 } });
    const complete = messages.filter((m) => m.type === "apply_complete");
    expect(complete.map((m) => (m.type === "apply_complete" ? m.hook.id_value : undefined))).toEqual([expect.stringMatching(/^lt-/), "roll-demo"]);
    expect(messages.find((m) => m.type === "change_summary")).toMatchObject({ changes: { add: 2, change: 0, remove: 0, operation: "apply" } });
  });

  it("refuses a stream whose UI major version it does not know, naming the version", () => {
    const text = transcript("unsupported-ui", "plan.out");
    let error: unknown;
    try {
      readAll(text);
    } catch (caught) {
      error = caught;
    }
    expect(isRollError(error) && error.code).toBe("terraform-ui-version");
    expect(String((error as Error).message)).toContain('"2.0"');
  });

  it("refuses a stream that does not start with a version message", () => {
    const withoutVersion = transcript("apply-create", "apply.out").split("\n").slice(1).join("\n");
    expect(() => readAll(withoutVersion)).toThrow(/did not start with a version message/);
  });

  it("accepts newer minor versions and ignores unknown message types and fields", () => {
    const lines = [
      '{"type":"version","ui":"1.9","terraform":"1.99.0","@message":"Terraform 1.99.0"}',
      '{"type":"something_new","@message":"x","extra":1}',
      '{"type":"log","@level":"info","@message":"hello","new_field":true}',
    ].join("\n");
    expect(readAll(lines).map((m) => m.type)).toEqual(["version", "unknown", "log"]);
  });

  it("passes lines that are not JSON objects on as text", () => {
    expect(parseUiLine("panic: runtime error")).toEqual({ kind: "text", line: "panic: runtime error" });
    expect(parseUiLine("[1,2]")).toEqual({ kind: "text", line: "[1,2]" });
    expect(parseUiLine("   ")).toBeUndefined();
  });
});
