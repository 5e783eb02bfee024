// Everyday commands a Packer or Terraform user expects, run as a user runs them: the real CLI.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listApps } from "../../src/stack/load-app.js";
import { cliEnvironment, repoRoot, runCli } from "./cli-helpers.js";

let env: NodeJS.ProcessEnv;
let sandboxStarted = false;

beforeAll(async () => {
  ({ env } = await cliEnvironment());
});
afterAll(async () => {
  if (sandboxStarted) await runCli(["sandbox", "down"], env);
});

describe("roll everyday commands", () => {
  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    const run = await runCli(["--version"], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it("apps lists every app of stacks/ with its live version, without a cloud", async () => {
    const run = await runCli(["apps", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { app: string; live: string | null }[];
    expect(rows.map((r) => r.app)).toEqual(listApps(repoRoot));
    expect(rows.every((r) => r.live === null)).toBe(true);
    const table = await runCli(["apps"], env);
    expect(table.stdout).toMatch(/^APP\s+LIVE\s+LAST RELEASE\ndemo\s+-\s+-/m);
  });

  it("plan --detailed-exitcode: 1 on an error (2 is Terraform's 'changes'), 2 when a deploy would change things", async () => {
    const bad = await runCli(["plan", "demo", "--target", "nowhere", "--detailed-exitcode"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown target "nowhere"');
    const plain = await runCli(["plan", "demo", "--target", "nowhere"], env);
    expect(plain.code).toBe(2);

    sandboxStarted = true;
    const changes = await runCli(["plan", "demo", "--detailed-exitcode", "--json"], env);
    expect(changes.code, changes.stderr).toBe(2);
    expect(JSON.parse(changes.stdout)).toMatchObject({ bake: { needed: true } });
  }, 180_000);
});
