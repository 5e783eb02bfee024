// roll rebake --all and roll daemon with real rebakes: a throwaway project of three small apps on the
// demo template, one sandbox with AWS's throttling on, the real SDK (adaptive retries) and real SSH.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventSink, ResultEvent } from "../../src/engine/events.js";
import { fleetOutcome, runFleet } from "../../src/rebake/fleet.js";
import { runRebake } from "../../src/rebake/run-rebake.js";
import { createReleaseStore } from "../../src/releases/store.js";
import { projectSchedules } from "../../src/schedule/apps.js";
import { readDaemonState, runDaemon } from "../../src/schedule/daemon.js";
import { leftovers, startTestCloud } from "../e2e/helpers.js";
import { tempProject } from "./support.js";
import { join } from "node:path";

const APPS = ["alpha", "beta", "gamma"];
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let projectRoot: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  projectRoot = await tempProject(APPS.map((name) => ({ name, schedule: name === "alpha" ? "* * * * *" : undefined })));
  const response = await fetch(new URL("/__sandbox/faults", cloud.sandbox.endpoint), { method: "PATCH", body: JSON.stringify({ throttle: "aws" }) });
  expect(response.ok).toBe(true);
}, 120_000);
afterAll(async () => {
  await cloud?.sandbox.close();
});

function rebakeOf(signal = new AbortController().signal) {
  return (app: string): Promise<ResultEvent> => {
    const emit: EventSink = () => {};
    return runRebake({ projectRoot, stateRoot: cloud.stateRoot, clients: cloud.clients, emit, signal }, { app, command: `test rebake ${app}` });
  };
}

describe("roll rebake --all", () => {
  it("rebakes several apps at once, within the throttling limits, and ends with one row per app", async () => {
    const first = await runFleet(APPS, 3, rebakeOf());
    expect(first.map((row) => [row.app, row.outcome, row.to])).toEqual(APPS.map((app) => [app, "deployed", "v1"]));
    expect(first.every((row) => row.packagesChanged === 0 && !row.from)).toBe(true);

    const second = await runFleet(APPS, 3, rebakeOf());
    expect(second.map((row) => [row.app, row.outcome, row.from, row.to, row.baked])).toEqual(APPS.map((app) => [app, "up-to-date", "v1", "v1", "v2"]));
    expect(fleetOutcome(second)).toBe("up-to-date");
    expect(await leftovers(cloud.clients)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 300_000);

  it("reports an app that fails as its own row without stopping the others", async () => {
    const rows = await runFleet(["alpha", "missing"], 2, rebakeOf());
    expect(rows.map((row) => row.outcome)).toEqual(["up-to-date", "failed"]);
    expect(rows[1]!.reason).toContain('no app named "missing"');
    expect(fleetOutcome(rows)).toBe("failed");
  }, 120_000);
});

describe("roll daemon with a real rebake", () => {
  it("runs the due slot once, records it in history, and does not run it again after a restart", async () => {
    const schedules = (await projectSchedules(projectRoot)).map((entry) => entry.schedule);
    expect(schedules.map((s) => s.app)).toEqual(["alpha"]);
    const stateDir = join(cloud.stateRoot, "daemon");
    let now = new Date("2026-11-27T10:00:30Z").getTime();
    const results: ResultEvent[] = [];
    // Runs the daemon until `until` holds (or the time is up), then stops it like Ctrl-C would.
    const daemonFor = async (ms: number, until: () => boolean = () => false) => {
      const controller = new AbortController();
      const done = runDaemon({
        schedules,
        stateDir,
        signal: controller.signal,
        tickMs: 20,
        now: () => new Date(now),
        emit: (event) => event.type === "result" && results.push(event),
        run: (app, signal) => rebakeOf(signal)(app),
      });
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && !until()) await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      await done;
    };
    const historyLength = async () => (await createReleaseStore(cloud.stateRoot, "alpha").read()).history.length;
    const before = await historyLength();

    await daemonFor(100); // first start: nothing due yet
    expect(results).toEqual([]);
    now += 60_000; // the 10:01 slot is due
    await daemonFor(60_000, () => results.length > 0);
    expect(results.map((r) => [r.app, r.outcome])).toEqual([["alpha", "up-to-date"]]);
    expect(await historyLength()).toBe(before + 1);
    expect((await createReleaseStore(cloud.stateRoot, "alpha").read()).history.at(-1)).toMatchObject({ kind: "rebake", outcome: "up-to-date" });
    expect(await readDaemonState(stateDir, "alpha")).toMatchObject({ lastSlot: "2026-11-27T10:01:00.000Z", lastOutcome: "up-to-date" });

    await daemonFor(300); // restarted within the same minute: no second run
    expect(results).toHaveLength(1);
    expect(await historyLength()).toBe(before + 1);
  }, 120_000);
});
