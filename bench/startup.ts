// bench/startup: how long roll's everyday commands take as processes, beside a bare `node -e 0` and
// beside the alternatives they replace: the same CLI run through tsx (how roll started before it was
// compiled once, bin/compile.js), and a process that imports cdktf's provider index to synthesize the
// demo stack (the naive cdktf import `roll synth` is meant to beat). Each command runs one at a time
// in fresh processes against a sandbox of its own; the median wall time and CPU time are printed,
// with the goals from issue 17. Prints figures; asserts nothing.
//
//   npx tsx bench/startup.ts            5 runs per command
//   npx tsx bench/startup.ts --runs 9

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { uniqueIpPrefix } from "../test/support/ip-prefix.js";

const root = resolve(import.meta.dirname, "..");
const runsIndex = process.argv.indexOf("--runs");
const runs = runsIndex === -1 ? 5 : Number(process.argv[runsIndex + 1]);
const outDir = await mkdtemp(join(tmpdir(), "roll-bench-startup-out-"));
const env = {
  ...process.env,
  CI: "true",
  ROLL_SANDBOX_DIR: await mkdtemp(join(tmpdir(), "roll-bench-startup-sandbox-")),
  ROLL_SANDBOX_PORT: "0",
  ROLL_SANDBOX_IP_PREFIX: uniqueIpPrefix(),
  ROLL_STATE_DIR: await mkdtemp(join(tmpdir(), "roll-bench-startup-state-")),
};

interface Sample {
  wallMs: number;
  cpuMs: number;
  code: number | null;
}

// CPU time (user + system, as the kernel counted it) through GNU time when the machine has it: on a
// busy machine it says more than the wall time does.
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const CPU_MARK = "roll-bench-cpu";

/** Runs one process to its end. */
function timed(args: string[], extraEnv: Record<string, string> = {}): Promise<Sample> {
  const [file, argv] = gnuTime ? [gnuTime, ["-f", `${CPU_MARK} %U %S`, process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(file, argv, { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("exit", (code) => {
      const wallMs = performance.now() - started;
      const cpu = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(stderr);
      if (code !== 0) process.stderr.write(`  (${args.slice(-3).join(" ")} exited ${code}: ${stderr.replace(cpu?.[0] ?? "", "").trim().split("\n").at(-1)})\n`);
      done({ wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN, code });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const roll = (...args: string[]) => [join(root, "bin/roll.js"), ...args];
const naiveSynth = [
  "--import",
  "tsx",
  "--input-type=module",
  "-e",
  `await import("@cdktf/provider-aws");
   const { synthesizeApp } = await import(${JSON.stringify(join(root, "src/stack/synth.ts"))});
   const { default: demo } = await import(${JSON.stringify(join(root, "stacks/demo.ts"))});
   synthesizeApp(demo, { app: "demo", region: "us-east-1", imageId: "ami-0bench", groupLaunchTemplateVersion: 1 });`,
];

interface Row {
  label: string;
  args: string[];
  env?: Record<string, string>;
  goal?: string;
}

const rows: Row[] = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "roll --help", args: roll("--help"), goal: "< 300 ms" },
  { label: "roll --help, through tsx (before)", args: roll("--help"), env: { ROLL_NO_COMPILE: "1" } },
  { label: "roll --version", args: roll("--version") },
  { label: "roll validate templates/demo.pkr.hcl", args: roll("validate", "templates/demo.pkr.hcl"), goal: "< 500 ms" },
  { label: "roll status demo (sandbox running)", args: roll("status", "demo"), goal: "< 1 s" },
  { label: "roll history demo", args: roll("history", "demo") },
  { label: "roll synth demo", args: roll("synth", "demo", "--out", outDir), goal: "<= 0.3x naive (goal 0.15x)" },
  { label: "naive: import provider-aws index + synth", args: naiveSynth },
];

console.log(`start-up of roll's commands: ${runs} fresh processes each, one at a time (median; node ${process.version})`);
// Once before measuring: the first start compiles src/ (bin/compile.js) and the sandbox starts.
await timed(roll("--help"));
await timed(roll("sandbox", "up"));
const baseline: number[] = [];
const results: { row: Row; wall: number; cpu: number }[] = [];
for (const row of rows) {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(row.args, row.env));
  const wall = median(samples.map((s) => s.wallMs));
  const cpu = median(samples.map((s) => s.cpuMs));
  if (row.label === "node -e 0") baseline.push(wall);
  results.push({ row, wall, cpu });
}
const naive = results.find((r) => r.row.label.startsWith("naive"))!.wall;
console.log(["command".padEnd(42), "wall ms", "cpu ms", "x node -e 0", "x naive", "goal"].join("  "));
for (const { row, wall, cpu } of results) {
  console.log(
    [
      row.label.padEnd(42),
      String(Math.round(wall)).padStart(7),
      String(Math.round(cpu)).padStart(6),
      `${(wall / baseline[0]!).toFixed(1)}x`.padStart(11),
      `${(wall / naive).toFixed(2)}x`.padStart(7),
      row.goal ?? "",
    ].join("  "),
  );
}
await timed(roll("sandbox", "down"));
await rm(outDir, { recursive: true, force: true });
