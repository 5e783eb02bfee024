// A team's shared state: with ROLL_STATE=s3://bucket/prefix, releases, history and the per-app lock
// live in S3 (here the sandbox's, through the real SDK), so two machines cannot deploy at once.

import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempProject, FAST_ROLLOUT } from "../support/temp-project.js";
import { cliEnvironment, clientsFor, ndjson, runCli, startCli } from "./cli-helpers.js";

let env: NodeJS.ProcessEnv;
let sandboxDir: string;

beforeAll(async () => {
  ({ env, sandboxDir } = await cliEnvironment());
  // A long soak keeps the first deploy (and its lock) alive while the second one tries.
  env.ROLL_PROJECT = await createTempProject([{ name: "shared", rollout: { ...FAST_ROLLOUT, soakSeconds: 40 }, size: 2 }]);
  env.ROLL_STATE = "s3://team-roll-state/prod";
}, 60_000);
afterAll(async () => {
  if (env) await runCli(["sandbox", "down"], env);
});

describe("S3 state backend", () => {
  it("keeps releases and the lock in S3, and refuses a second deploy while one runs", async () => {
    const first = startCli(["deploy", "shared", "--var", "version=1", "--json"], env);
    await new Promise<void>((resolve) => first.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes('"phase":"bake"') && resolve()));
    const clients = clientsFor(sandboxDir);
    const during = await clients.s3().send(new ListObjectsV2Command({ Bucket: "team-roll-state", Prefix: "prod/sandbox/shared/" }));
    expect((during.Contents ?? []).map((o) => o.Key)).toContain("prod/sandbox/shared/lock.json");

    const second = await runCli(["deploy", "shared", "--var", "version=1", "--json"], env);
    expect(second.code, second.stdout + second.stderr).toBe(3);
    expect(String(ndjson(second.stdout).at(-1)!.reason)).toContain(`pid ${first.pid}`);

    const done = await first.result;
    expect(done.code, done.stderr).toBe(0);
    const after = await clients.s3().send(new ListObjectsV2Command({ Bucket: "team-roll-state", Prefix: "prod/sandbox/shared/" }));
    const keys = (after.Contents ?? []).map((o) => o.Key);
    expect(keys).toContain("prod/sandbox/shared/releases.json");
    expect(keys).not.toContain("prod/sandbox/shared/lock.json");
    expect(keys).not.toContain("prod/sandbox/shared/journal.json");

    const history = JSON.parse((await runCli(["history", "shared", "--json"], env)).stdout) as { live: string; history: { outcome: string }[] };
    expect(history.live).toBe("v1");
    expect(history.history.at(-1)?.outcome).toBe("deployed");
  }, 240_000);
});
