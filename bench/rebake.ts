// Bench (not a test): `roll rebake --all` over N apps against one sandbox with AWS's throttling on.
// Three fleet runs: the first deploy of every app, a rebake with nothing new (all up to date), and a
// rebake after the vendor publishes a newer base image (all deployed). Prints each run's wall time,
// outcomes, the API calls roll made (SDK middleware) and the HTTP attempts the sandbox saw, with how
// many of those were throttled (a proxy in front of the sandbox counts them).
// Run: npx tsx bench/rebake.ts [apps=30] [concurrency=8]. Never asserts timings.

import { uniqueIpPrefix } from "../test/support/ip-prefix.js";
import { mkdtemp } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { cloudClients } from "../src/cloud/target.js";
import { fleetOutcome, runFleet, type FleetRow } from "../src/rebake/fleet.js";
import { runRebake } from "../src/rebake/run-rebake.js";
import { startSandbox } from "@roll/sandbox/server";
import { publishBase, tempProject } from "../test/rebake/support.js";

const apps = Number(process.argv[2] ?? 30);
const concurrency = Number(process.argv[3] ?? 8);

/** Forwards every request to the sandbox, counting attempts and throttling answers. */
async function countingProxy(target: string) {
  const counts = { attempts: 0, throttled: 0 };
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    counts.attempts++;
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        const body = Buffer.concat(chunks);
        if (answer.statusCode === 503 || /RequestLimitExceeded|<Code>Throttling</.test(body.toString("utf8"))) counts.throttled++;
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        res.end(body);
      });
    });
    forward.on("error", (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts, close: () => server.close() };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bench-rebake-"));
  const stateRoot = await mkdtemp(path.join(os.tmpdir(), "roll-bench-rebake-state-"));
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: uniqueIpPrefix() });
  const proxy = await countingProxy(sandbox.endpoint);
  const clients = cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: proxy.endpoint });
  const calls = { count: 0 };
  const count = { step: "initialize" as const, name: "rollBenchCallCounter" };
  clients.ec2().middlewareStack.add((next) => async (args) => (calls.count++, next(args)), count);
  clients.autoscaling().middlewareStack.add((next) => async (args) => (calls.count++, next(args)), count);
  const faults = await fetch(new URL("/__sandbox/faults", sandbox.endpoint), { method: "PATCH", body: JSON.stringify({ throttle: "aws" }) });
  if (!faults.ok) throw new Error(`could not turn throttling on: ${faults.status} ${await faults.text()}`);
  const names = Array.from({ length: apps }, (_, i) => `app${String(i + 1).padStart(2, "0")}`);
  const projectRoot = await tempProject(names.map((name) => ({ name })));
  console.log(`roll rebake --all: ${apps} apps (1 instance each), concurrency ${concurrency}, sandbox throttling "aws" (EC2 token buckets, Auto Scaling bucket)`);

  const fleet = async (title: string) => {
    const before = { calls: calls.count, ...proxy.counts };
    const started = Date.now();
    const rows: FleetRow[] = await runFleet(names, concurrency, (app) =>
      runRebake({ projectRoot, stateRoot, clients, emit: () => {}, signal: new AbortController().signal }, { app, command: `bench rebake ${app}` }),
    );
    const seconds = (Date.now() - started) / 1000;
    const outcomes = new Map<string, number>();
    for (const row of rows) outcomes.set(row.outcome, (outcomes.get(row.outcome) ?? 0) + 1);
    const throttleFailures = rows.filter((row) => row.outcome === "failed" && /RequestLimitExceeded|Throttling|Rate exceeded/.test(row.reason ?? ""));
    console.log(
      `${title.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  ${fleetOutcome(rows).padEnd(10)} ${[...outcomes].map(([o, n]) => `${n} ${o}`).join(", ")}; ` +
        `API calls ${calls.count - before.calls}, HTTP attempts ${proxy.counts.attempts - before.attempts}, throttled ${proxy.counts.throttled - before.throttled}, ` +
        `failures caused by throttling ${throttleFailures.length}`,
    );
    for (const row of rows.filter((r) => r.outcome === "failed")) console.log(`  ${row.app}: ${row.reason?.split("\n")[0]}`);
  };

  try {
    await fleet("first deploy of every app");
    await fleet("nothing new (up to date)");
    const published = await publishBase(sandbox.endpoint);
    console.log(`published ${published.name}`);
    await fleet("after a new base image");
  } finally {
    proxy.close();
    await sandbox.close();
  }
}

await main();
