// Synthesis cost: roll's in-process synthesis (provider loaded per submodule) beside the same
// synthesis after importing @cdktf/provider-aws's package index, as most cdktf projects do.
// Each variant runs in a fresh child process so module caches do not mix. Prints figures only.
//
//   npx tsx bench/synth.ts            both variants, 3 runs each
//   npx tsx bench/synth.ts --runs 5

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

interface Sample {
  variant: string;
  importMs: number;
  synthMs: number;
  totalMs: number;
  rssMb: number;
  heapUsedMb: number;
}

const VARIANTS = {
  roll: "roll: provider submodules",
  index: "@cdktf/provider-aws index imported",
} as const;
type Variant = keyof typeof VARIANTS;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function measure(variant: Variant): Promise<Sample> {
  const start = performance.now();
  if (variant === "index") {
    const { importProviderIndex } = await import("../src/stack/provider-index.js");
    await importProviderIndex();
  }
  const { synthesizeApp } = await import("../src/stack/synth.js");
  const { default: demo } = await import("../stacks/demo.js");
  const imported = performance.now();
  synthesizeApp(demo, { app: "demo", region: "us-east-1", imageId: "ami-0bench", groupLaunchTemplateVersion: 1 });
  const done = performance.now();
  const memory = process.memoryUsage();
  return {
    variant,
    importMs: Math.round(imported - start),
    synthMs: Math.round(done - imported),
    totalMs: Math.round(done - start),
    rssMb: mb(memory.rss),
    heapUsedMb: mb(memory.heapUsed),
  };
}

async function runChild(variant: Variant): Promise<Sample> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", self, "--child", variant], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf("--child");
  if (childIndex !== -1) {
    const variant = process.argv[childIndex + 1] as Variant;
    process.stdout.write(`${JSON.stringify(await measure(variant))}\n`);
    return;
  }
  const runsIndex = process.argv.indexOf("--runs");
  const runs = runsIndex === -1 ? 3 : Number(process.argv[runsIndex + 1]);
  console.log(`synthesis of stacks/demo.ts, ${runs} fresh processes per variant (median; node ${process.version})`);
  console.log(["variant".padEnd(38), "import ms", "synth ms", "total ms", "rss MB", "heap MB"].join("  "));
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    const samples: Sample[] = [];
    // One child at a time: children running side by side would compete for the CPU and skew both.
    for (let i = 0; i < runs; i++) samples.push(await runChild(variant));
    const pick = (key: keyof Omit<Sample, "variant">) => String(median(samples.map((s) => s[key])));
    console.log(
      [
        VARIANTS[variant].padEnd(38),
        pick("importMs").padStart(9),
        pick("synthMs").padStart(8),
        pick("totalMs").padStart(8),
        pick("rssMb").padStart(6),
        pick("heapUsedMb").padStart(7),
      ].join("  "),
    );
  }
}

await main();
