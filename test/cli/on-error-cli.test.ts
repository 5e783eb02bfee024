// The --on-error option as the CLI parses it: a bad value is bad input (exit 2), named in the message,
// before any cloud is touched. A failing provisioner under abort leaves the builder behind, so its exit
// code is 1 (the run failed), never 2 ("bad input, nothing changed"); its error is said once.

import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FAST_ROLLOUT, createTempProject } from "../support/temp-project.js";
import { cliEnvironment, clientsFor, ndjson, repoRoot, runCli, type CliResult } from "./cli-helpers.js";
import { leftovers } from "../e2e/helpers.js";

let sandboxEnv: NodeJS.ProcessEnv | undefined;
afterAll(async () => {
  if (sandboxEnv) await runCli(["sandbox", "down"], sandboxEnv);
});

function runIn(project: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn(process.execPath, [join(repoRoot, "bin/roll.js"), ...args], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

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

  it("a failing provisioner under abort leaves the builder: exit 1, the error said once (plain and --json); gc removes it", async () => {
    const { env, sandboxDir } = await cliEnvironment();
    sandboxEnv = env;
    const project = await createTempProject([{ name: "broken", rollout: FAST_ROLLOUT, size: 1, template: "templates/broken.pkr.hcl" }]);
    const demo = await readFile(join(project, "templates/demo.pkr.hcl"), "utf8");
    await writeFile(join(project, "templates/broken.pkr.hcl"), demo.replace('"rm -rf /tmp/demo",', '"rm -rf /tmp/demo",\n      "echo the build broke; exit 7",'));
    const needle = "exited with code 7";

    const plain = await runIn(project, ["bake", "broken", "--on-error", "abort"], env);
    expect(plain.code, plain.stdout + plain.stderr).toBe(1);
    expect(occurrences(plain.stdout + plain.stderr, needle), plain.stdout + plain.stderr).toBe(1);
    expect(plain.stdout).toContain("left for debugging");

    const json = await runIn(project, ["bake", "broken", "--on-error", "abort", "--json"], env);
    expect(json.code, json.stderr).toBe(1);
    expect(occurrences(json.stdout + json.stderr, needle), json.stdout).toBe(1);
    expect(ndjson(json.stdout).at(-1)).toMatchObject({ type: "result", outcome: "failed", reason: expect.stringContaining(needle) });

    const clients = clientsFor(sandboxDir);
    expect((await leftovers(clients)).instances).toHaveLength(2);
    const gc = await runIn(project, ["gc"], env);
    expect(gc.code, gc.stdout + gc.stderr).toBe(0);
    expect(await leftovers(clients)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 240_000);
});
