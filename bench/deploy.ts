// bench/deploy: the demo's first deploy (v1) on a fresh sandbox, wall time per phase, beside the goal
// of the whole deploy under 60 s. Runs the real CLI (`node bin/roll.js deploy demo --json`) the way a
// newcomer does, against a sandbox of its own. Prints figures; asserts nothing.
//
//   npx tsx bench/deploy.ts

import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { uniqueIpPrefix } from "../test/support/ip-prefix.js";

const root = resolve(import.meta.dirname, "..");
const env = {
  ...process.env,
  CI: "true",
  ROLL_SANDBOX_DIR: await mkdtemp(join(tmpdir(), "roll-bench-deploy-sandbox-")),
  ROLL_SANDBOX_PORT: "0",
  ROLL_SANDBOX_IP_PREFIX: uniqueIpPrefix(),
  ROLL_STATE_DIR: await mkdtemp(join(tmpdir(), "roll-bench-deploy-state-")),
};

function roll(args: string[]): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, "bin/roll.js"), ...args], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("close", (code) => done({ code, stdout, ms: Date.now() - started }));
  });
}

try {
  const up = await roll(["sandbox", "up"]);
  const deploy = await roll(["deploy", "demo", "--var", "version=1", "--json"]);
  const result = JSON.parse(deploy.stdout.trim().split("\n").at(-1)!) as { outcome: string; phases: Record<string, number>; durationMs: number };
  console.log(`sandbox up (first start, builds the base layer)   ${(up.ms / 1000).toFixed(1)} s`);
  console.log(`roll deploy demo --var version=1: ${result.outcome}`);
  for (const [phase, ms] of Object.entries(result.phases)) console.log(`  ${phase.padEnd(10)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
  console.log(`  ${"pipeline".padEnd(10)} ${(result.durationMs / 1000).toFixed(1).padStart(6)} s`);
  console.log(`  ${"command".padEnd(10)} ${(deploy.ms / 1000).toFixed(1).padStart(6)} s   (goal: under 60 s; includes Node and module start-up)`);
} finally {
  await roll(["sandbox", "down"]);
}
