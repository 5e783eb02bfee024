// Bench (not a test): the sandbox cloud's API throughput and instance start latency, with the real
// instance runtime. Prints API calls per second for DescribeInstances and DescribeImages through the
// AWS SDK over HTTP (concurrency 1 and 8; a raw-HTTP column shows what the SDK itself costs), and the
// time from RunInstances to "running" for 10 instances. Run: npx tsx bench/sandbox.ts
// Never asserts timings.

import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startSandbox } from "@roll/sandbox/server";

const WINDOW_MS = 2000;

async function callsPerSecond(concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const deadline = performance.now() + WINDOW_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await call();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

function rawCall(endpoint: string, action: string, extra = ""): () => Promise<unknown> {
  const body = `Action=${action}&Version=2016-11-15${extra}`;
  return async () => {
    const response = await fetch(endpoint, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    await response.text();
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bench-sandbox-"));
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: `127.${200 + Math.floor(Math.random() * 50)}`, timing: { instancePendingMs: 0 } });
  const ec2 = new EC2Client({ endpoint: sandbox.endpoint, region: sandbox.region, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 });
  try {
    const images = await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
    const imageId = images.Images![0]!.ImageId!;

    // Instance start latency: 10 RunInstances calls at once, each polled until running.
    const startTimes: number[] = [];
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const started = performance.now();
        const run = await ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 }));
        const id = run.Instances![0]!.InstanceId!;
        ids.push(id);
        for (;;) {
          const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
          if (d.Reservations![0]!.Instances![0]!.State!.Name === "running") break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        startTimes.push(performance.now() - started);
      }),
    );
    startTimes.sort((a, b) => a - b);

    console.log(`sandbox bench (${os.cpus().length} cores, Node ${process.version}); ${ids.length} instances running during the API figures`);
    console.log("");
    console.log("API calls per second (2 s windows)       SDK c=1   SDK c=8   raw HTTP c=8");
    const rows: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ["DescribeInstances (10 instances)", () => ec2.send(new DescribeInstancesCommand({})), rawCall(sandbox.endpoint, "DescribeInstances")],
      ["DescribeImages (Owner=amazon)", () => ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] })), rawCall(sandbox.endpoint, "DescribeImages", "&Owner.1=amazon")],
    ];
    for (const [label, sdk, raw] of rows) {
      const one = await callsPerSecond(1, sdk);
      const eight = await callsPerSecond(8, sdk);
      const rawEight = await callsPerSecond(8, raw);
      console.log(`${label.padEnd(40)} ${one.toFixed(0).padStart(7)}   ${eight.toFixed(0).padStart(7)}   ${rawEight.toFixed(0).padStart(12)}`);
    }
    const single: number[] = [];
    for (let i = 0; i < 200; i++) {
      const before = performance.now();
      await ec2.send(new DescribeInstancesCommand({}));
      single.push(performance.now() - before);
    }
    single.sort((a, b) => a - b);
    console.log(`DescribeInstances latency, SDK c=1: median ${percentile(single, 50).toFixed(2)} ms, p90 ${percentile(single, 90).toFixed(2)} ms`);
    console.log("");
    console.log("Instance start latency, RunInstances -> running (real runtime, 10 instances launched at once):");
    console.log(`  median ${percentile(startTimes, 50).toFixed(0)} ms, p90 ${percentile(startTimes, 90).toFixed(0)} ms, max ${startTimes.at(-1)!.toFixed(0)} ms`);
    console.log("");
    console.log("Alternative a user would pick: none is available on this machine (no LocalStack or moto server,");
    console.log("and no network to reach EC2), so no side-by-side column for EC2; the raw-HTTP column separates");
    console.log("the sandbox's own cost from the SDK's.");

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  } finally {
    ec2.destroy();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
