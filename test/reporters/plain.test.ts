import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { RollEvent, TimedEvent } from "../../src/engine/events.js";
import { PlainReporter } from "../../src/reporters/plain.js";
import { paintFor } from "../../src/reporters/plain/colour.js";
import { deployEvents, rollbackEvents } from "./fixtures.js";

async function render(events: (TimedEvent | RollEvent)[], verbose = false): Promise<string[]> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const reporter = new PlainReporter({ stdout, title: "roll deploy demo", verbose });
  for (const event of events) reporter.onEvent(event);
  await reporter.finish();
  return Buffer.concat(chunks).toString("utf8").split("\n").slice(0, -1);
}

describe("plain reporter", () => {
  it("prints a deploy as timed lines, one per meaningful event, ending with the verdict", async () => {
    const lines = await render(deployEvents());
    expect(lines.slice(0, 5)).toEqual([
      "[  0.0s] lock      locking app demo",
      "[  0.1s] lock      done in 0.1s",
      "[  0.1s] template  evaluating templates/demo.pkr.hcl",
      "[  0.4s] template  done in 0.3s",
      "[  0.4s] bake      baking demo v3",
    ]);
    expect(lines).toContain("[  2.0s] bake      provisioner 1 (shell) started");
    // Provisioner output is indented under the message column.
    expect(lines).toContain("[  2.1s] bake          Installing demo-server 3.0.0");
    expect(lines).toContain("[  3.5s] bake      image v3 is ami-0c3d000000000003");
    expect(lines).toContain("[  8.2s] refresh   instance refresh ir-7f00: InProgress 50%, 1 to update, checkpoint 50%");
    expect(lines).toContain("[  8.0s] refresh   instance i-0ccc000000000003 127.0.1.13 v3 InService Healthy");
    expect(lines).toContain("[  8.0s] refresh   instance i-0aaa000000000001 gone");
    expect(lines).toContain("[ 12.5s] gates     gate http /healthz on i-0ccc000000000004: Successful HTTP 200 -> gate passed");
    expect(lines.at(-1)).toBe("[ 13.1s] deployed v3 in 13.1s");
  });

  it("folds refresh polls that repeat status and percentage, unless verbose", async () => {
    const count = (lines: string[]) => lines.filter((line) => line.includes("ir-7f00: InProgress 0%")).length;
    expect(count(await render(deployEvents()))).toBe(1);
    expect(count(await render(deployEvents(), true))).toBe(2);
  });

  it("prints a rollback with the failing measurement, the evidence and the reason last", async () => {
    const lines = await render(rollbackEvents());
    expect(lines).toContain(
      "[ 10.5s] gates     gate http /healthz on i-0ccc000000000003: Failed HTTP 500 (body: database unreachable) -> gate failed",
    );
    expect(lines).toContain("[ 10.5s] gates     FAILED after 2.4s: http /healthz failed");
    const rollbackAt = lines.indexOf("[ 11.0s] rollback  rolling back: gate http /healthz failed on i-0ccc000000000003 (HTTP 500)");
    expect(rollbackAt).toBeGreaterThan(0);
    expect(lines[rollbackAt + 2]).toBe("[ 11.0s] rollback      GET http://127.0.1.13:8080/healthz -> 500 in 3ms: database unreachable");
    // The rollback's refresh is filed under the rollback, not the original refresh.
    expect(lines).toContain("[ 11.2s] rollback  instance refresh ir-8a11: RollbackInProgress 0%, 1 to update");
    // The resource report that came after the result still prints before the verdict.
    expect(lines.at(-2)).toContain("kept image ami-0c3d000000000003");
    expect(lines.at(-1)).toBe("[ 14.5s] rolled back to v2: gate http /healthz failed on i-0ccc000000000003 (HTTP 500)");
  });

  it("writes no ANSI codes to a stream that is not a terminal", async () => {
    const text = (await render(rollbackEvents())).join("\n");
    expect(text).not.toMatch(/\u001B/);
  });

  it("stamps events that carry no time with the time they arrive", async () => {
    const lines = await render([
      { type: "phase-start", phase: "lock", title: "locking app demo" },
      { type: "log", level: "warn", message: "lock was stale; taken over" },
    ]);
    expect(lines).toEqual(["[  0.0s] lock      locking app demo", "[  0.0s] lock      warning: lock was stale; taken over"]);
  });
});

describe("plain colours", () => {
  it("colours only on a terminal and honours NO_COLOR", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(paintFor(tty, {})("bad", "x")).toBe("\u001B[31mx\u001B[39m");
    expect(paintFor(tty, { NO_COLOR: "1" })("bad", "x")).toBe("x");
    expect(paintFor(new PassThrough(), {})("bad", "x")).toBe("x");
  });
});
