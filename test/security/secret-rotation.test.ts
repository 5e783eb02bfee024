// Probe: "secret rotation rolls back". Deploy with secret A, rotate to B with --force, then deploy B
// again without --force: the fleet must stay on the image baked with B. Before the fix, secrets were
// left out of the content hash and the plain deploy "reused" the oldest twin (A's image), exit 0.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetVersions } from "../e2e/helpers.js";
import { cliEnvironment, clientsFor, ndjson, runCli } from "../cli/cli-helpers.js";
import { createTempProject, FAST_ROLLOUT } from "../support/temp-project.js";

let env: NodeJS.ProcessEnv;
let sandboxDir: string;
let stateDir: string;

beforeAll(async () => {
  ({ env, sandboxDir, stateDir } = await cliEnvironment());
  const project = await createTempProject([{ name: "secretive", rollout: FAST_ROLLOUT, size: 1, template: "templates/secret.pkr.hcl" }]);
  // The demo template with a sensitive token that ends up in the image (the service reports it).
  const demo = await readFile(join(project, "templates/demo.pkr.hcl"), "utf8");
  const secret = demo
    .replace('variable "region" {', 'variable "token" {\n  type      = string\n  sensitive = true\n}\n\nvariable "region" {')
    .replace('"DEMO_VERSION=${var.version}",', '"DEMO_VERSION=${var.version}-${var.token}",');
  expect(secret).toContain("${var.token}");
  await writeFile(join(project, "templates/secret.pkr.hcl"), secret);
  env.ROLL_PROJECT = project;
  env.PKR_VAR_version = "1";
});
afterAll(async () => {
  if (env) await runCli(["sandbox", "down"], env);
});

async function deploy(token: string, ...extra: string[]) {
  const run = await runCli(["deploy", "secretive", "--json", ...extra], { ...env, PKR_VAR_token: token });
  const events = run.stdout.trim() ? ndjson(run.stdout) : [];
  return { ...run, result: events.at(-1) ?? {}, image: events.find((event) => event.type === "image") };
}

async function fleetAnswers(): Promise<string[]> {
  const status = JSON.parse((await runCli(["status", "secretive", "--json"], env)).stdout) as { instances: { id: string }[] };
  return Object.values(await fleetVersions(clientsFor(sandboxDir), status.instances.map((i) => i.id)));
}

describe("a rotated secret never rolls the fleet back", () => {
  it("after a --force rotation, a plain deploy keeps the new secret's image; the old secret's inputs are refused", async () => {
    const first = await deploy("alpha-secret-1");
    expect(first.code, first.stderr).toBe(0);
    expect(first.result).toMatchObject({ outcome: "deployed", version: "v1" });

    const rotated = await deploy("bravo-secret-2", "--force");
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.result).toMatchObject({ outcome: "deployed", version: "v2" });
    expect(await fleetAnswers()).toEqual(["1-bravo-secret-2"]);

    // The probe: the same inputs again, no --force. It must reuse the live v2, not v1.
    const again = await deploy("bravo-secret-2");
    expect(again.code, again.stderr).toBe(0);
    expect(again.image).toMatchObject({ version: "v2", reused: true });
    expect(again.result).toMatchObject({ outcome: "deployed", live: "v2" });
    expect(await fleetAnswers()).toEqual(["1-bravo-secret-2"]);

    // The old secret's inputs match v1, which is older than the live v2: refused, fleet untouched.
    const back = await deploy("alpha-secret-1");
    expect(back.code).toBe(2);
    expect(back.stdout + back.stderr).toContain("older than the live v2");
    expect(back.stdout + back.stderr).toContain("rollback secretive --to v1");
    expect(await fleetAnswers()).toEqual(["1-bravo-secret-2"]);

    // The hashes differ per secret, yet no tag or state file carries the secret; the key stays in state.
    const images = await clientsFor(sandboxDir).ec2().send(new DescribeImagesCommand({ Owners: ["self"] }));
    const hashes = new Set(images.Images!.map((image) => image.Tags?.find((tag) => tag.Key === "roll:content-hash")?.Value));
    expect(hashes.size).toBe(2);
    expect(JSON.stringify(images.Images)).not.toMatch(/alpha-secret|bravo-secret/);
    const key = await readFile(join(stateDir, "sandbox", "secretive", "reuse-key"), "utf8");
    expect(Buffer.from(key.trim(), "base64")).toHaveLength(32);
  }, 900_000);
});
