// The --on-error option as the CLI parses it: a bad value is bad input (exit 2), named in the message,
// before any cloud is touched.

import { describe, expect, it } from "vitest";
import { cliEnvironment, runCli } from "./cli-helpers.js";

describe("--on-error", () => {
  it("refuses an unknown policy on bake and deploy with exit 2", async () => {
    const { env } = await cliEnvironment();
    for (const command of ["bake", "deploy"]) {
      const run = await runCli([command, "demo", "--on-error=later"], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`option '--on-error <policy>' argument 'later' is invalid. expected one of cleanup, abort, ask, got "later"`);
    }
    const help = await runCli(["bake", "--help"], env);
    expect(help.stdout).toMatch(/--on-error <policy>\s+after a failed bake: cleanup \(default\)/);
  }, 60_000);
});
