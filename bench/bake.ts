// Bench (not a test): one amazon-ebs bake against a fresh sandbox cloud. Prints the wall time of
// each builder step, how many API calls of each kind the bake made (counted by an SDK middleware on
// every client it used), and how the waits followed the resources: the sandbox is given known
// transition times (instance pending, stopping, shutting down; image pending), and each waiting step
// is shown beside the transition it waited for, with the gaps between its polls. A wait that follows
// the resource ends shortly after the transition; a fixed 15 s poll (the SDK waiters' default delay)
// would end up to 15 s later, every time. Run: npx tsx bench/bake.ts
// Never asserts timings.

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { bakeImage } from "../src/bake/amazon-ebs/index.js";
import { cloudClients } from "../src/cloud/target.js";
import { createRedactor } from "../src/engine/redact.js";
import { startSandbox } from "@roll/sandbox/server";
import type { BlockConfig, ProvisionerConfig, Value } from "../src/template/types.js";

const FILE = "bench.pkr.hcl";

function block(type: string, name: string, fields: Record<string, Value>): BlockConfig {
  return { type, name, position: { file: FILE, line: 1, column: 1 }, fields, fieldPositions: {} };
}

/** When each call of a kind was sent (ms since the bake started), for the poll gaps. */
const callTimes = new Map<string, number[]>();
let benchStart = 0;

function countCalls(client: EC2Client, counts: Map<string, number>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "unknown";
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const times = callTimes.get(name) ?? [];
      times.push(performance.now() - benchStart);
      callTimes.set(name, times);
      return next(args);
    },
    { step: "initialize", name: "rollBenchCallCounter" },
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bench-bake-"));
  // Transition times the waits must follow (larger than the sandbox's defaults, so they show).
  const timing = { instancePendingMs: 1500, instanceStoppingMs: 1500, instanceShuttingDownMs: 1000, imagePendingMs: 2500 };
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: `127.${150 + Math.floor(Math.random() * 100)}`, timing });
  const clients = cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: sandbox.endpoint });
  const counts = new Map<string, number>();
  const copyRegion = "us-west-2";
  countCalls(clients.ec2(), counts);
  countCalls(clients.ec2(copyRegion), counts);

  const bakeId = `bench${randomBytes(4).toString("hex")}`;
  const source = block("amazon-ebs", "bench", {
    source_ami_filter: { filters: { name: "sandbox-linux-base-*" }, owners: ["amazon"], most_recent: true },
    instance_type: "t3.micro",
    ami_name: `roll-bench-${bakeId}`,
    ami_regions: [copyRegion],
    temporary_key_pair_type: "ed25519",
  });
  const provisioners: ProvisionerConfig[] = [
    block("shell", "", { inline: ["for i in 1 2 3; do echo line $i; done", "echo bench > /tmp/bench"] }),
    block("file", "", { content: "x".repeat(1 << 20), destination: "/tmp/one-mib" }),
  ];
  let outputLines = 0;
  const started = performance.now();
  benchStart = started;
  try {
    const result = await bakeImage({
      clients,
      source,
      provisioners,
      templateRoot: process.cwd(),
      app: "bench",
      imageTags: { "roll:app": "bench" },
      bakeId,
      signal: new AbortController().signal,
      emit: (event) => {
        if (event.type === "output") outputLines++;
      },
      redact: createRedactor([]),
    });
    const total = performance.now() - started;
    console.log(`bake ${bakeId}: image ${result.imageId} (${result.region}), copy ${result.copies[copyRegion]} (${copyRegion})`);
    console.log(`\nwall time per step (ms)`);
    for (const [step, ms] of Object.entries(result.durationMs)) console.log(`  ${step.padEnd(22)} ${String(ms).padStart(7)}`);
    const steps = Object.values(result.durationMs).reduce((a, b) => a + b, 0);
    console.log(`  ${"cleanup + overhead".padEnd(22)} ${String(Math.round(total - steps)).padStart(7)}`);
    console.log(`  ${"total".padEnd(22)} ${String(Math.round(total)).padStart(7)}`);
    console.log(`\nAPI calls (${[...counts.values()].reduce((a, b) => a + b, 0)} in all)`);
    for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(40)} ${String(count).padStart(4)}`);
    console.log(`\nprovisioner output lines: ${outputLines}`);

    console.log(`\nwaits follow the resource's state (sandbox transition -> step wall time)`);
    const waits: Array<[string, string, number]> = [
      ["run-instance", "instance pending -> running (plus boot)", timing.instancePendingMs],
      ["stop-instance", "instance stopping -> stopped", timing.instanceStoppingMs],
      ["create-image", "image pending -> available", timing.imagePendingMs],
      ["copy-regions", "copy pending -> available", timing.imagePendingMs],
    ];
    for (const [step, what, ms] of waits) {
      const took = result.durationMs[step];
      if (took !== undefined) console.log(`  ${step.padEnd(15)} ${what.padEnd(42)} >= ${String(ms).padStart(5)} ms  took ${String(took).padStart(5)} ms`);
    }
    // Steps run one after another: their windows follow from their wall times, in run order.
    const windows: Array<[string, number, number]> = [];
    let at = 0;
    for (const [step, ms] of Object.entries(result.durationMs)) {
      windows.push([step, at, at + ms]);
      at += ms;
    }
    windows.push(["cleanup", at, Number.POSITIVE_INFINITY]);
    for (const [step] of windows) {
      for (const call of ["DescribeInstancesCommand", "DescribeImagesCommand"]) {
        const [, from, to] = windows.find(([name]) => name === step)!;
        const times = (callTimes.get(call) ?? []).filter((t) => t >= from && t < to);
        if (times.length < 2) continue;
        const gaps = times.slice(1).map((t, i) => Math.round(t - times[i]!));
        console.log(`  ${step.padEnd(15)} ${call.replace("Command", "")} x${times.length}, gaps (ms): ${gaps.join(" ")}`);
      }
    }
    console.log("  (a fixed-delay waiter would poll every 15000 ms: each wait above would end up to 15 s later)");
  } finally {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
