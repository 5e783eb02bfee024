// roll schedule and roll schedule export through the real CLI, on a throwaway project.

import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempProject } from "../rebake/support.js";

const bin = resolve(import.meta.dirname, "../../bin/roll.js");

async function roll(projectRoot: string, args: string[]) {
  return promisify(execFile)(process.execPath, [bin, ...args], { cwd: projectRoot, env: { ...process.env, ROLL_PROJECT: projectRoot } });
}

describe("roll schedule", () => {
  it("lists the next runs of every scheduled app and exports a GitHub Actions workflow that runs roll rebake on them", async () => {
    const project = await tempProject([
      { name: "api", schedule: "30 2 * * 1" },
      { name: "web", schedule: "0 */6 * * *" },
      { name: "batch" },
    ]);
    const listed = JSON.parse((await roll(project, ["schedule", "--json", "--count", "2"])).stdout) as { app: string; next: string[] }[];
    expect(listed.map((entry) => entry.app)).toEqual(["api", "web"]);
    const apiNext = listed[0]!.next.map((t) => new Date(t));
    expect(apiNext).toHaveLength(2);
    for (const time of apiNext) expect([time.getUTCDay(), time.getUTCHours(), time.getUTCMinutes()]).toEqual([1, 2, 30]);
    expect(apiNext[1]!.getTime() - apiNext[0]!.getTime()).toBe(7 * 24 * 3600_000);

    const workflow = parse((await roll(project, ["schedule", "export", "--github-actions"])).stdout);
    expect(workflow.on.schedule).toEqual([{ cron: "30 2 * * 1" }, { cron: "0 */6 * * *" }]);
    const runs = workflow.jobs.rebake.steps.map((step: { run?: string }) => step.run).filter(Boolean);
    expect(runs).toEqual(["npm ci", "npx roll rebake api --target aws --json", "npx roll rebake web --target aws --json"]);

    const table = (await roll(project, ["schedule"])).stdout;
    expect(table).toMatch(/^api\s+30 2 \* \* 1\s+UTC/m);
  }, 60_000);

  it("refuses an export without a format, naming the choices", async () => {
    const project = await tempProject([{ name: "api", schedule: "30 2 * * 1" }]);
    const failure = await roll(project, ["schedule", "export"]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain("--github-actions, --systemd, --crontab");
  }, 30_000);
});
