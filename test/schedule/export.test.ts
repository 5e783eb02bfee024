import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scheduleOf } from "../../src/schedule/cron.js";
import { crontab, githubActionsWorkflow, systemdUnits } from "../../src/schedule/export.js";

const demo = scheduleOf("demo", { schedule: "0 3 * * 1-5" }, "x")!;
const api = scheduleOf("api", { schedule: "*/30 2 1,15 * *", timeZone: "America/New_York" }, "x")!;

describe("schedule export", () => {
  it("writes a valid GitHub Actions workflow that runs roll rebake on the schedules", () => {
    const workflow = parse(githubActionsWorkflow([demo, api]));
    expect(workflow.on.schedule).toEqual([{ cron: "0 3 * * 1-5" }, { cron: "*/30 2 1,15 * *" }]);
    const runs = workflow.jobs.rebake.steps.map((step: { run?: string }) => step.run).filter(Boolean);
    expect(runs).toContain("npx roll rebake demo --target aws --json");
    expect(runs).toContain("npx roll rebake api --target aws --json");
    const demoStep = workflow.jobs.rebake.steps.find((step: { name?: string }) => step.name === "rebake demo");
    expect(demoStep.if).toContain("github.event.schedule == '0 3 * * 1-5'");
  });

  it("writes systemd calendar expressions", () => {
    expect(systemdUnits(demo, "/srv/app").timer).toContain("OnCalendar=Mon..Fri *-*-* 03:00:00 UTC");
    expect(systemdUnits(api, "/srv/app").timer).toContain("OnCalendar=*-*-01,15 02:0/30:00 America/New_York");
    expect(systemdUnits(demo, "/srv/app").service).toContain("ExecStart=/usr/bin/env npx roll rebake demo --json");
  });

  it("writes crontab lines with their time zone", () => {
    const text = crontab([api], "/srv/app");
    expect(text).toContain("CRON_TZ=America/New_York\n*/30 2 1,15 * * cd \"/srv/app\" && npx roll rebake api --json");
  });
});
