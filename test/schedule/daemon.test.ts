import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResultEvent } from "../../src/engine/events.js";
import { scheduleOf } from "../../src/schedule/cron.js";
import { readDaemonState, runDaemon } from "../../src/schedule/daemon.js";

function clock(start: string) {
  let current = new Date(start).getTime();
  return { now: () => new Date(current), advance: (ms: number) => (current += ms) };
}

async function runFor(options: Parameters<typeof runDaemon>[0], ms: number) {
  const controller = new AbortController();
  const done = runDaemon({ ...options, signal: controller.signal, tickMs: 5 });
  await new Promise((resolve) => setTimeout(resolve, ms));
  controller.abort();
  await done;
}

describe("roll daemon's loop", () => {
  const schedule = scheduleOf("demo", { schedule: "* * * * *" }, "x")!;

  it("runs a due slot once, records it, and does not run it again after a restart", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "roll-daemon-"));
    const time = clock("2026-11-27T10:00:30Z");
    const runs: string[] = [];
    const run = async (app: string): Promise<ResultEvent> => {
      runs.push(`${app}@${time.now().toISOString()}`);
      return { type: "result", app, outcome: "up-to-date", durationMs: 1 };
    };
    const base = { schedules: [schedule], stateDir, run, emit: () => {}, now: time.now };
    await runFor(base as never, 50); // first start: baseline only, nothing due yet
    expect(runs).toEqual([]);
    time.advance(60_000); // 10:01:30: the 10:01 slot is due
    await runFor(base as never, 50);
    expect(runs).toHaveLength(1);
    expect((await readDaemonState(stateDir, "demo"))).toMatchObject({ lastSlot: "2026-11-27T10:01:00.000Z", lastOutcome: "up-to-date" });
    await runFor(base as never, 50); // restart within the same minute
    expect(runs).toHaveLength(1);
    time.advance(10 * 60_000); // ten minutes of downtime: the missed slots run once
    await runFor(base as never, 50);
    expect(runs).toHaveLength(2);
    expect((await readDaemonState(stateDir, "demo"))?.lastSlot).toBe("2026-11-27T10:11:00.000Z");
  });

  it("never runs two rebakes of one app at a time", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "roll-daemon-"));
    const time = clock("2026-11-27T10:00:30Z");
    let active = 0;
    let most = 0;
    const run = async (app: string): Promise<ResultEvent> => {
      active++;
      most = Math.max(most, active);
      time.advance(60_000); // the run takes longer than the schedule's period
      await new Promise((resolve) => setTimeout(resolve, 30));
      active--;
      return { type: "result", app, outcome: "deployed", durationMs: 1 };
    };
    const base = { schedules: [schedule], stateDir, run, emit: () => {}, now: time.now };
    await runFor(base as never, 20);
    time.advance(60_000);
    await runFor(base as never, 200);
    expect(most).toBe(1);
  });
});
