// bench/rollout: for a group of 20 instances, the measured instance-refresh time beside the minimum
// the policy allows (batches × (boot + warm-up)), and the time from the first failing gate
// measurement to the start of the rollback. Prints figures; asserts nothing.
//
//   npx tsx bench/rollout.ts [instances=20]

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloudClients } from "../src/cloud/target.js";
import type { RollEvent } from "../src/engine/events.js";
import { runRelease } from "../src/pipelines/release.js";
import { startSandbox } from "@roll/sandbox/server";
import { createTempProject } from "../test/support/temp-project.js";

const size = Number(process.argv[2] ?? 20);
const minHealthy = 90;
const warmupSeconds = 2;
const policy = {
  minHealthyPercentage: minHealthy,
  instanceWarmupSeconds: warmupSeconds,
  soakSeconds: 1,
  gates: [{ type: "http" as const, path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 1 }],
};

const dataDir = await mkdtemp(join(tmpdir(), "roll-bench-rollout-"));
const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: "127.231" });
const clients = cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: sandbox.endpoint });
const projectRoot = await createTempProject([{ name: "bench", rollout: policy, size }]);
const stateRoot = await mkdtemp(join(tmpdir(), "roll-bench-state-"));

async function deploy(vars: Record<string, string>) {
  const events: { at: number; event: RollEvent }[] = [];
  const result = await runRelease(
    { projectRoot, stateRoot, clients, emit: (event) => events.push({ at: Date.now(), event }), signal: new AbortController().signal },
    { app: "bench", command: "bench", source: { kind: "bake", vars, varFiles: [] } },
  );
  return { result, events };
}

try {
  await deploy({ version: "1" });
  const healthy = await deploy({ version: "2" });
  // Boot time as the fleet saw it: from an instance's first sighting to InService.
  const firstSeen = new Map<string, number>();
  const boots: number[] = [];
  for (const { at, event } of healthy.events) {
    if (event.type !== "instances") continue;
    for (const instance of event.instances) {
      if (!firstSeen.has(instance.id)) firstSeen.set(instance.id, at);
      else if (instance.lifecycle === "InService" && firstSeen.get(instance.id)! > 0) {
        boots.push(at - firstSeen.get(instance.id)!);
        firstSeen.set(instance.id, -1);
      }
    }
  }
  const bootMs = boots.length ? boots.sort((a, b) => a - b)[Math.floor(boots.length / 2)] : 0;
  const batchSize = Math.max(1, size - Math.ceil((size * minHealthy) / 100));
  const batches = Math.ceil(size / batchSize);
  const minimumMs = batches * (bootMs + warmupSeconds * 1000);
  const refreshMs = healthy.result.phases?.refresh ?? 0;

  const failing = await deploy({ version: "3", healthy: "false" });
  const firstFailure = failing.events.find(({ event }) => event.type === "gate" && event.status === "Failed");
  const rollback = failing.events.find(({ event }) => event.type === "rollback");

  console.log(`instance refresh of ${size} instances (MinHealthyPercentage ${minHealthy} -> ${batches} batches of ${batchSize}, warm-up ${warmupSeconds}s)`);
  console.log(`  measured refresh phase (incl. gates and soak)   ${(refreshMs / 1000).toFixed(1)} s`);
  console.log(`  minimum the policy allows: batches x (boot ${(bootMs / 1000).toFixed(2)} s + warm-up)   ${(minimumMs / 1000).toFixed(1)} s`);
  console.log(`  overhead over the minimum   ${(((refreshMs - minimumMs) / minimumMs) * 100).toFixed(0)} %`);
  console.log(`failing release (${failing.result.outcome})`);
  console.log(
    `  first failing measurement -> rollback start   ${firstFailure && rollback ? `${rollback.at - firstFailure.at} ms` : "not observed"} (gate interval 1000 ms)`,
  );
} finally {
  await sandbox.close();
}
