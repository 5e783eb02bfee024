// Probes: state steered outside its folder, processes mistaken for ours, corrupt state files, and
// option values. All through the real CLI; none of them needs the sandbox to start (that they fail
// before it starts is part of what they check).

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnvironment, runCli } from "../cli/cli-helpers.js";

let env: NodeJS.ProcessEnv;
let sandboxDir: string;
let stateDir: string;
const bystanders: ChildProcess[] = [];

beforeAll(async () => {
  ({ env, sandboxDir, stateDir } = await cliEnvironment());
});
afterAll(() => {
  for (const child of bystanders) child.kill("SIGKILL");
});

/** An unrelated live process: what a reused pid points at. */
function bystander(): ChildProcess {
  const child = spawn("sleep", ["300"], { stdio: "ignore" });
  bystanders.push(child);
  return child;
}

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);

describe("app names cannot steer state outside its folder", () => {
  it("deploy ../x and ../../../../tmp/… exit 2 before any lock, folder or sandbox exists", async () => {
    const outside = await mkdtemp(join(tmpdir(), "roll-outside-"));
    for (const name of ["../x", `../../../../${outside.slice(1)}/somewhere`, "a/b", ".."]) {
      const run = await runCli(["deploy", name], env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain("is not allowed");
    }
    expect(await readdir(stateDir)).toEqual([]);
    expect(await readdir(outside)).toEqual([]);
    expect(existsSync(join(stateDir, "..", "x"))).toBe(false);
    expect(existsSync(join(sandboxDir, "sandbox.json"))).toBe(false);
  }, 240_000);

  it("unlock --force on ../../<dir> leaves another folder's lock.json alone", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "roll-elsewhere-"));
    await writeFile(join(elsewhere, "lock.json"), "{}\n");
    const relative = join("..", "..", "..", "..", "..", "..", elsewhere);
    const run = await runCli(["unlock", relative, "--force"], env);
    expect(run.code).toBe(2);
    expect(await readFile(join(elsewhere, "lock.json"), "utf8")).toBe("{}\n");
  }, 180_000);

  it("a 5000-character name is bad input (exit 2) naming the limit, not an internal error", async () => {
    const run = await runCli(["history", "a".repeat(5000)], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("longer than 64 characters");
  }, 180_000);
});

describe("locks and the sandbox act only on processes that really are theirs", () => {
  it("unlock --force refuses a live holder (exit 3, says what it breaks); --really removes it", async () => {
    const holder = bystander();
    const appDir = join(stateDir, "sandbox", "busy");
    await mkdir(appDir, { recursive: true });
    const lock = { pid: holder.pid, startTime: startTimeOf(holder.pid!), host: hostname(), user: "ci", command: "roll deploy busy", since: new Date().toISOString() };
    await writeFile(join(appDir, "lock.json"), JSON.stringify(lock));
    const refused = await runCli(["unlock", "busy", "--force"], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("held by a live run");
    expect(refused.stderr).toContain("--really");
    expect(existsSync(join(appDir, "lock.json"))).toBe(true);
    const forced = await runCli(["unlock", "busy", "--force", "--really"], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(join(appDir, "lock.json"))).toBe(false);
  }, 180_000);

  it("a lock whose pid now belongs to another process (start time differs) is stale: unlock --force removes it", async () => {
    const reused = bystander();
    const appDir = join(stateDir, "sandbox", "stale");
    await mkdir(appDir, { recursive: true });
    const lock = { pid: reused.pid, startTime: "1", host: hostname(), user: "ci", command: "roll deploy stale", since: "2026-01-01T00:00:00Z" };
    await writeFile(join(appDir, "lock.json"), JSON.stringify(lock));
    const run = await runCli(["unlock", "stale", "--force"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(alive(reused.pid!)).toBe(true);
  }, 180_000);

  it("sandbox down with a stale sandbox.json whose pid was reused signals nobody", async () => {
    const reused = bystander();
    const dir = await mkdtemp(join(tmpdir(), "roll-stale-sandbox-"));
    await writeFile(join(dir, "sandbox.json"), JSON.stringify({ endpoint: "http://127.0.0.1:9", pid: reused.pid, startTime: "1", region: "us-east-1", startedAt: "2026-01-01T00:00:00Z" }));
    const run = await runCli(["sandbox", "down"], { ...env, ROLL_SANDBOX_DIR: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(alive(reused.pid!)).toBe(true);
    expect(existsSync(join(dir, "sandbox.json"))).toBe(false);
  }, 180_000);
});

describe("corrupt state files and bad option values", () => {
  it("a corrupt releases.json: exit 4 naming the file, the file untouched", async () => {
    const file = join(stateDir, "sandbox", "broken", "releases.json");
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(file, '{"app": "broken", "versions": [');
    const run = await runCli(["history", "broken"], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`${file} is corrupt`);
    expect(run.stderr).not.toMatch(/TypeError|SyntaxError|at .*\.ts:/);
    expect(await readFile(file, "utf8")).toBe('{"app": "broken", "versions": [');
  }, 180_000);

  it("a corrupt sandbox state: exit 4 naming the file, the file untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "roll-corrupt-sandbox-"));
    await writeFile(join(dir, "state.json"), "{not json");
    const run = await runCli(["sandbox", "up"], { ...env, ROLL_SANDBOX_DIR: dir });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`${join(dir, "state.json")} is corrupt`);
    expect(await readFile(join(dir, "state.json"), "utf8")).toBe("{not json");
  }, 240_000);

  it("--wait-lock abc and --wait-lock -5 are bad input (exit 2), not a wait forever", async () => {
    for (const value of ["abc", "-5"]) {
      const run = await runCli(["deploy", "demo", "--wait-lock", value], env);
      expect(run.code, `--wait-lock ${value}`).toBe(2);
      expect(run.stderr).toMatch(/wait-lock|-5/);
    }
    expect(existsSync(join(sandboxDir, "sandbox.json"))).toBe(false);
  }, 180_000);
});
