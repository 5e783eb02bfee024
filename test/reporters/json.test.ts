import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { RollEvent, TimedEvent } from "../../src/engine/events.js";
import { JsonReporter } from "../../src/reporters/json.js";
import { rollbackEvents } from "./fixtures.js";

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("utf8");
}

async function run(events: (TimedEvent | RollEvent)[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const reporter = new JsonReporter({ stdout, stderr, title: "roll deploy demo" });
  for (const event of events) reporter.onEvent(event);
  await reporter.finish();
  reporter.onEvent({ type: "log", level: "info", message: "too late" });
  return { stdout: out(), stderr: err() };
}

describe("json reporter", () => {
  it("writes one JSON object per line, each with an ISO time, and the result last and once", async () => {
    const events = rollbackEvents();
    const { stdout, stderr } = await run(events);
    expect(stdout.endsWith("\n")).toBe(true);
    const lines = stdout.trimEnd().split("\n");
    const parsed = lines.map((line) => JSON.parse(line) as TimedEvent);
    expect(parsed).toHaveLength(events.length);
    for (const event of parsed) expect(new Date(event.time).toISOString()).toBe(event.time);
    expect(parsed.filter((event) => event.type === "result")).toHaveLength(1);
    // The fixture emits a cleanup report after the result; the result is still the last line.
    expect(parsed.at(-1)).toMatchObject({ type: "result", outcome: "rolled-back", live: "v2" });
    expect(parsed.at(-2)).toMatchObject({ type: "resource", action: "kept" });
    expect(parsed[0]).toEqual(events[0]);
    expect(stderr).toBe("");
  });

  it("adds a time to events that carry none", async () => {
    const before = Date.now();
    const { stdout } = await run([{ type: "phase-start", phase: "lock", title: "locking" }]);
    const event = JSON.parse(stdout) as TimedEvent;
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before);
    expect(Object.keys(event)[0]).toBe("time");
  });

  it("keeps the first result and says on stderr that it ignored a second one", async () => {
    const result = (outcome: "deployed" | "failed"): RollEvent => ({ type: "result", app: "demo", outcome, durationMs: 1 });
    const { stdout, stderr } = await run([result("deployed"), result("failed")]);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ outcome: "deployed" });
    expect(stderr).toContain("ignored a second result event (failed)");
  });
});
