import { describe, expect, it } from "vitest";
import { lastDue, nextRuns, scheduleOf } from "../../src/schedule/cron.js";

describe("schedules", () => {
  it("lists next run times in the schedule's time zone", () => {
    const schedule = scheduleOf("demo", { schedule: "0 3 * * 1", timeZone: "Europe/Berlin" }, "stacks/demo.ts")!;
    const runs = nextRuns(schedule, 2, new Date("2026-11-27T00:00:00Z"));
    // Monday 03:00 in Berlin (UTC+1 in winter) is 02:00 UTC.
    expect(runs.map((d) => d.toISOString())).toEqual(["2026-11-30T02:00:00.000Z", "2026-12-07T02:00:00.000Z"]);
  });

  it("rejects a bad expression naming the file and field", () => {
    expect(() => scheduleOf("demo", { schedule: "0 25 * * *" }, "stacks/demo.ts")).toThrow(/rebake.schedule "0 25 \* \* \*"/);
    expect(() => scheduleOf("demo", { schedule: "* * *" }, "stacks/demo.ts")).toThrow(/five fields/);
    try {
      scheduleOf("demo", { schedule: "0 25 * * *" }, "stacks/demo.ts");
    } catch (error) {
      expect((error as { location?: unknown }).location).toEqual({ file: "stacks/demo.ts", field: "rebake.schedule" });
    }
  });

  it("finds the latest due slot after a given time", () => {
    const schedule = scheduleOf("demo", { schedule: "*/10 * * * *" }, "x")!;
    const due = lastDue(schedule, new Date("2026-11-27T10:01:00Z"), new Date("2026-11-27T10:35:00Z"));
    expect(due?.toISOString()).toBe("2026-11-27T10:30:00.000Z");
    expect(lastDue(schedule, new Date("2026-11-27T10:01:00Z"), new Date("2026-11-27T10:05:00Z"))).toBeUndefined();
  });
});
