// Bench (not a test): the same legacy JSON amazon-ebs template (sandbox/test/packer/amazon-ebs.json)
// baked by Debian's `packer` and by roll, one after the other, against one sandbox cloud with its real
// instance runtime. Both talk to the sandbox through one counting proxy, so their API calls are
// counted the same way (by Action / X-Amz-Target). Prints each wall time and call count side by side;
// roll's goal is <= 0.5x Packer's wall with no more API calls. Never asserts anything.
// Run: npx tsx bench/peer-bake.ts   (needs `packer` on PATH; .ci/run installs it)

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startSandbox } from "@roll/sandbox/server";
import { bakeImage } from "../src/bake/amazon-ebs/index.js";
import { cloudClients } from "../src/cloud/target.js";
import { createRedactor } from "../src/engine/redact.js";
import { loadTemplate } from "../src/template/index.js";

const TEMPLATE = path.resolve(import.meta.dirname, "../sandbox/test/packer/amazon-ebs.json");

/** Forwards every request unchanged (Host and signature included) and counts it by action. */
async function countingProxy(target: URL) {
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const amzTarget = req.headers["x-amz-target"];
      const action = typeof amzTarget === "string" ? amzTarget : (new URLSearchParams(body.toString("utf8")).get("Action") ?? `${req.method} ${req.url?.split("?")[0]}`);
      counts.set(action, (counts.get(action) ?? 0) + 1);
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, counts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function runPacker(endpoint: string, home: string): Promise<{ code: number | null; output: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: "roll-sandbox",
    AWS_SECRET_ACCESS_KEY: "roll-sandbox",
    AWS_EC2_METADATA_DISABLED: "true",
    CHECKPOINT_DISABLE: "1",
    // Packer's fastest documented waiter setting (its default polls every 2 s for up to 10 min).
    AWS_POLL_DELAY_SECONDS: "1",
    PACKER_NO_COLOR: "1",
  };
  return new Promise((resolve) => {
    const child = spawn("packer", ["build", "-machine-readable", "-var", `ec2_endpoint=${endpoint}`, TEMPLATE], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
    child.on("error", (error) => resolve({ code: null, output: String(error) }));
  });
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roll-bench-peer-"));
  const home = await mkdtemp(path.join(os.tmpdir(), "roll-bench-peer-home-"));
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: `127.${150 + Math.floor(Math.random() * 100)}` });
  const proxy = await countingProxy(new URL(sandbox.endpoint));
  const results: Array<{ tool: string; wallMs: number; calls: Map<string, number>; ok: boolean }> = [];
  try {
    let started = performance.now();
    const packer = await runPacker(proxy.endpoint, home);
    results.push({ tool: "packer build", wallMs: performance.now() - started, calls: new Map(proxy.counts), ok: packer.code === 0 });
    if (packer.code !== 0) console.log(`packer failed (exit ${packer.code}):\n${packer.output.split("\n").slice(-15).join("\n")}`);
    proxy.counts.clear();

    started = performance.now();
    const template = await loadTemplate(TEMPLATE, { vars: { ec2_endpoint: proxy.endpoint } });
    const build = template.builds[0]!;
    const bakeId = `peer${randomBytes(4).toString("hex")}`;
    let ok = true;
    let rollSteps: Record<string, number> = {};
    try {
      const result = await bakeImage({
        clients: cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: proxy.endpoint }),
        source: build.sources[0]!,
        provisioners: build.provisioners,
        templateRoot: template.root,
        app: "peer",
        imageTags: { "roll:app": "peer" },
        bakeId,
        signal: new AbortController().signal,
        emit: () => {},
        redact: createRedactor(template.sensitiveValues),
      });
      rollSteps = result.durationMs;
    } catch (error) {
      ok = false;
      console.log(`roll's bake failed: ${String(error)}`);
    }
    results.push({ tool: "roll (bakeImage)", wallMs: performance.now() - started, calls: new Map(proxy.counts), ok });
    console.log(`roll's steps (ms): ${Object.entries(rollSteps).map(([step, ms]) => `${step} ${ms}`).join(", ")}`);
  } finally {
    await proxy.close();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }

  const total = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(`\nsame template (${path.relative(process.cwd(), TEMPLATE)}), same sandbox, same counting proxy`);
  console.log(`${"tool".padEnd(18)} ${"ok".padEnd(4)} ${"wall (s)".padStart(9)} ${"API calls".padStart(10)}`);
  for (const r of results) console.log(`${r.tool.padEnd(18)} ${(r.ok ? "yes" : "NO").padEnd(4)} ${(r.wallMs / 1000).toFixed(1).padStart(9)} ${String(total(r.calls)).padStart(10)}`);
  if (results.length === 2) {
    const [packer, roll] = results as [(typeof results)[0], (typeof results)[0]];
    console.log(`roll / packer: wall ${(roll.wallMs / packer.wallMs).toFixed(2)}x (goal <= 0.5x), calls ${total(roll.calls)} vs ${total(packer.calls)}`);
    const actions = [...new Set([...packer.calls.keys(), ...roll.calls.keys()])].sort();
    console.log(`\n${"action".padEnd(36)} ${"packer".padStart(7)} ${"roll".padStart(7)}`);
    for (const action of actions) console.log(`${action.padEnd(36)} ${String(packer.calls.get(action) ?? 0).padStart(7)} ${String(roll.calls.get(action) ?? 0).padStart(7)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
