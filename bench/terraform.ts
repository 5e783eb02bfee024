// bench/terraform: deploy v2 of the demo with Terraform as the engine beside the same deploy with the
// direct applier, in one run on one sandbox (two apps' worth of state: each engine deploys v1 first,
// in its own state folder, then v2 is timed). Prints wall times per phase, the Terraform commands per
// phase, and the ratio (goal: Terraform <= 1.5x direct, v2 < 45 s). Runs the real CLI. Asserts nothing.
//
//   ROLL_TERRAFORM_PLUGIN_DIR=/opt/tf-plugins npx tsx bench/terraform.ts

import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { uniqueIpPrefix } from "../test/support/ip-prefix.js";

const root = resolve(import.meta.dirname, "..");
const sandboxEnv = {
  ...process.env,
  CI: "true",
  ROLL_SANDBOX_DIR: await mkdtemp(join(tmpdir(), "roll-bench-tf-sandbox-")),
  ROLL_SANDBOX_PORT: "0",
  ROLL_SANDBOX_IP_PREFIX: uniqueIpPrefix(),
};

interface Result {
  outcome: string;
  durationMs: number;
  phases: Record<string, number>;
  infra?: string;
  terraform?: Record<string, { commands: number; ms: number; byCommand: Record<string, number> }>;
}

function roll(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, "bin/roll.js"), ...args], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("close", (code) => done({ code, stdout, ms: Date.now() - started }));
  });
}

async function deployV2(infra: "direct" | "terraform"): Promise<Result> {
  // The two engines may not share one group: each gets its own sandbox state (and so its own app run).
  const env = { ...sandboxEnv, ROLL_INFRA: infra, ROLL_STATE_DIR: await mkdtemp(join(tmpdir(), `roll-bench-tf-state-${infra}-`)) };
  await roll(["sandbox", "reset"], env);
  const v1 = await roll(["deploy", "demo", "--var", "version=1", "--json"], env);
  if (v1.code !== 0) throw new Error(`deploy v1 on ${infra} failed: ${v1.stdout.trim().split("\n").at(-1)}`);
  const v2 = await roll(["deploy", "demo", "--var", "version=2", "--json"], env);
  return JSON.parse(v2.stdout.trim().split("\n").at(-1)!) as Result;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;

try {
  await roll(["sandbox", "up"], sandboxEnv);
  const direct = await deployV2("direct");
  const terraform = await deployV2("terraform");
  console.log(`roll deploy demo --var version=2        direct      terraform (${terraform.infra})`);
  for (const phase of new Set([...Object.keys(direct.phases), ...Object.keys(terraform.phases)])) {
    console.log(`  ${phase.padEnd(10)}                   ${seconds(direct.phases[phase] ?? 0)}   ${seconds(terraform.phases[phase] ?? 0)}`);
  }
  console.log(`  ${"total".padEnd(10)}                   ${seconds(direct.durationMs)}   ${seconds(terraform.durationMs)}   (${direct.outcome} / ${terraform.outcome})`);
  for (const [phase, figures] of Object.entries(terraform.terraform ?? {})) {
    const which = Object.entries(figures.byCommand).map(([command, n]) => `${command} x${n}`).join(", ");
    console.log(`  terraform in ${phase}: ${figures.commands} commands (${which}), ${seconds(figures.ms)}`);
  }
  console.log(`terraform / direct: ${(terraform.durationMs / direct.durationMs).toFixed(2)}x   (goal <= 1.5x; terraform v2 goal < 45 s)`);
} finally {
  await roll(["sandbox", "down"], sandboxEnv);
}
