// Bench (not a test): one amazon-ebs bake against a fresh sandbox cloud. Prints the wall time of
// each builder step and how many API calls of each kind the bake made (counted by an SDK
// middleware on every client it used). Run: npx tsx bench/bake.ts
// Never asserts timings.

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { bakeImage } from "../src/bake/amazon-ebs/index.js";
import { cloudClients } from "../src/cloud/target.js";
import { createRedactor } from "../src/engine/redact.js";
import { startSandbox } from "../src/sandbox/server.js";
import type { BlockConfig, ProvisionerConfig, Value } from "../src/template/types.js";

const FILE = "bench.pkr.hcl";

function block(type: string, name: string, fields: Record<string, Value>): BlockConfig {
  return { type, name, position: { file: FILE, line: 1, column: 1 }, fields, fieldPositions: {} };
}

function countCalls(client: EC2Client, counts: Map<string, number>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "unknown";
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "rollBenchCallCounter" },
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bench-bake-"));
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: `127.${150 + Math.floor(Math.random() * 100)}` });
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
  } finally {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
