// Kill `roll deploy` with SIGKILL at random moments (bake, apply, refresh, gates, rollback); the
// next run must converge to a single live version with nothing leaked and no lock left behind.
// ROLL_CRASH_RUNS sets the number of kills (default 20, split over the two files crash-*.test.ts so
// they run side by side); ROLL_CRASH_SEED replays a sequence.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { leftovers } from "../e2e/helpers.js";
import { cliEnvironment, clientsFor, ndjson, runCli, startCli } from "../cli/cli-helpers.js";
import { createTempProject, FAST_ROLLOUT } from "../support/temp-project.js";

const TOTAL_RUNS = Number(process.env.ROLL_CRASH_RUNS ?? 20);

/** A small deterministic PRNG, so a failing sequence can be replayed with ROLL_CRASH_SEED. */
function prng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** One half of the crash test: its own sandbox, app and sequence of kills. */
export function crashTest(half: 0 | 1): void {
  const RUNS = Math.ceil(TOTAL_RUNS / 2) - (half === 1 && TOTAL_RUNS % 2 === 1 ? 1 : 0);
  const SEED = Number(process.env.ROLL_CRASH_SEED ?? Date.now() % 100000) + half;
  let env: NodeJS.ProcessEnv;
  let sandboxDir: string;
  let stateDir: string;

  beforeAll(async () => {
    ({ env, sandboxDir, stateDir } = await cliEnvironment());
    env.ROLL_PROJECT = await createTempProject([{ name: "crashy", rollout: FAST_ROLLOUT, size: 3 }]);
  }, 60_000);
  afterAll(async () => {
    if (env) await runCli(["sandbox", "down"], env);
  });

  interface Status {
    live: string;
    instances: { id: string; version?: string; lifecycle: string; health: string }[];
  }

  async function expectConverged(context: string) {
    const status = JSON.parse((await runCli(["status", "crashy", "--json"], env)).stdout) as Status;
    const versions = new Set(status.instances.map((i) => i.version));
    expect({ context, versions: [...versions], count: status.instances.length }).toEqual({ context, versions: [status.live], count: 3 });
    expect(status.instances.every((i) => i.lifecycle === "InService" && i.health === "Healthy"), context).toBe(true);
    expect(await leftovers(clientsFor(sandboxDir)), context).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
    expect(existsSync(join(stateDir, "sandbox", "crashy", "lock.json")), context).toBe(false);
    expect(existsSync(join(stateDir, "sandbox", "crashy", "journal.json")), context).toBe(false);
  }

  describe(`roll deploy killed with SIGKILL at ${RUNS} random moments (seed ${SEED})`, () => {
    it("converges after every kill", async () => {
      const random = prng(SEED);
      const first = await runCli(["deploy", "crashy", "--var", "version=1", "--json"], env);
      expect(first.code, first.stderr).toBe(0);
      const killedIn: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        const version = String(run + 2);
        // Every third release is a bad one, so kills also land in gates and rollbacks.
        const vars = ["--var", `version=${version}`, ...(run % 3 === 2 ? ["--var", "healthy=false"] : [])];
        // Kill at a random moment of a randomly chosen phase, so kills cover every phase.
        const bad = run % 3 === 2;
        const phases = bad ? ["bake", "apply", "refresh", "rollback", "record"] : ["bake", "apply", "refresh", "reconcile", "record"];
        const target = phases[Math.floor(random() * phases.length)];
        const extraMs = Math.round(random() * (target === "bake" || target === "refresh" || target === "rollback" ? 4000 : 200));
        const victim = startCli(["deploy", "crashy", ...vars, "--json"], env);
        let phase = "start";
        let timer: NodeJS.Timeout | undefined;
        victim.stdout!.on("data", (chunk: Buffer) => {
          for (const match of chunk.toString().matchAll(/"type":"(phase-start|rollback)"(?:,"phase":"([a-z]+)")?/g)) {
            phase = match[1] === "rollback" ? "rollback" : match[2];
            if (phase === target && !timer) timer = setTimeout(() => victim.kill("SIGKILL"), extraMs);
          }
        });
        const killed = await victim.result;
        clearTimeout(timer);
        killedIn.push(killed.code === null ? `${phase}+${extraMs}ms` : `finished(${killed.code}) before ${target}`);

        const rerun = await runCli(["deploy", "crashy", ...vars, "--json"], env);
        const result = ndjson(rerun.stdout).at(-1)!;
        const context = `run ${run} (seed ${SEED}), ${killedIn.at(-1)}: rerun ${JSON.stringify(result)}`;
        expect(["deployed", "rolled-back"], context).toContain(result.outcome);
        await expectConverged(context);
      }
      console.log(`crash test (seed ${SEED}): killed in ${killedIn.join(", ")}`);
    }, 1_800_000);
  });
}
