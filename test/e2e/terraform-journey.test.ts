// The acceptance journey on the Terraform path, with the real terraform binary and the AWS provider
// from the offline mirror: v1 deployed with the direct applier, then adopted by Terraform (import
// blocks, shown by roll plan first), v2, a failing v3 rolled back, rollback --to v1. After each
// release, `terraform plan -detailed-exitcode` in the app's working directory says "no changes" (0),
// as it would for a user running it there. Runs wherever terraform is on PATH; fails if it cannot run.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultEvent, RollEvent } from "../../src/engine/events.js";
import type { InfraChoice } from "../../src/infra/index.js";
import { CLI_CONFIG_FILE } from "../../src/infra/terraform/cli-config.js";
import { planDeploy } from "../../src/pipelines/plan.js";
import { runRelease, type ReleaseSource } from "../../src/pipelines/release.js";
import { SANDBOX_CREDENTIALS } from "../../src/cloud/target.js";
import { realTerraformTests, terraformPlanExitCode } from "../support/terraform.js";
import { fleetVersions, recordingContext, startTestCloud } from "./helpers.js";
import { describeFleet } from "../../src/rollout/fleet.js";

const available = realTerraformTests("terraform journey");
const TERRAFORM: InfraChoice = { kind: "terraform", binary: "terraform" };

describe.skipIf(!available)("deploy demo with Terraform as the engine", () => {
  let cloud: Awaited<ReturnType<typeof startTestCloud>>;
  beforeAll(async () => {
    cloud = await startTestCloud();
  }, 120_000);
  afterAll(async () => {
    await cloud?.sandbox.close();
  });

  async function release(source: ReleaseSource, infra: InfraChoice = { ...TERRAFORM }): Promise<{ result: ResultEvent; events: RollEvent[] }> {
    const { ctx, events } = recordingContext(cloud.clients, cloud.stateRoot);
    const result = await runRelease({ ...ctx, infra }, { app: "demo", command: "test", source });
    return { result, events };
  }
  const bake = (vars: Record<string, string>): ReleaseSource => ({ kind: "bake", vars, varFiles: [] });

  async function answers(): Promise<string[]> {
    const fleet = await describeFleet(cloud.clients, "roll-demo", () => undefined);
    const ids = fleet!.instances.filter((i) => i.lifecycle === "InService").map((i) => i.id);
    return Object.values(await fleetVersions(cloud.clients, ids));
  }

  /** What a user sees running `terraform plan` in .roll/<target>/terraform/<app>/ after `roll sandbox env`. */
  async function expectTerraformPlanClean(): Promise<void> {
    const root = join(cloud.stateRoot, "terraform");
    const { code, output } = await terraformPlanExitCode(join(root, "demo"), {
      AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
      TF_CLI_CONFIG_FILE: join(root, CLI_CONFIG_FILE),
    });
    expect({ code, output: code === 0 ? "" : output }).toEqual({ code: 0, output: "" });
  }

  it("adopts what the direct applier made: roll plan shows the imports, the deploy applies with no error", async () => {
    const v1 = await release(bake({ version: "1" }), { kind: "direct" });
    expect(v1.result).toMatchObject({ outcome: "deployed", live: "v1", infra: "direct" });

    const { ctx } = recordingContext(cloud.clients, cloud.stateRoot);
    const plan = await planDeploy({ ...ctx, infra: { ...TERRAFORM } }, { app: "demo", vars: { version: "2" }, varFiles: [] });
    expect(plan.infra).toBe("terraform");
    // The bake decision and the refresh preview come from the functions deploy decides with.
    expect(plan.bake.needed).toBe(true);
    expect(plan.refresh).toEqual({ needed: true, instancesToReplace: 4 });
    expect(plan.resources.map((r) => [r.type, r.importing ?? false]).sort()).toEqual([
      ["aws_autoscaling_group", true],
      ["aws_launch_template", true],
    ]);
    expect(plan.resources.find((r) => r.type === "aws_launch_template")?.detail).toMatch(/^adopt the existing lt-[0-9a-f]+ \(import\)/);

    const v2 = await release(bake({ version: "2" }));
    expect(v2.result).toMatchObject({ outcome: "deployed", version: "v2", live: "v2", infra: "terraform" });
    // Phase a is one plan and one apply of that plan (roll plan above ran the first init); the
    // reconcile one apply.
    expect(v2.result.terraform?.apply?.byCommand).toEqual({ plan: 1, apply: 1 });
    expect(v2.result.terraform?.reconcile?.byCommand).toEqual({ apply: 1 });
    expect(JSON.stringify(v2.events)).not.toMatch(/already exists/i);
    expect(await answers()).toEqual(["2", "2", "2", "2"]);
    await expectTerraformPlanClean();
  }, 600_000);

  it("rolls a failing v3 back, and Terraform's plan is still clean", async () => {
    const v3 = await release(bake({ version: "3", healthy: "false" }));
    expect(v3.result).toMatchObject({ outcome: "rolled-back", version: "v3", live: "v2", infra: "terraform" });
    expect(await answers()).toEqual(["2", "2", "2", "2"]);
    await expectTerraformPlanClean();
  }, 600_000);

  it("rolls back to v1 on request, and Terraform's plan is still clean", async () => {
    const back = await release({ kind: "version", to: "v1" });
    expect(back.result).toMatchObject({ outcome: "deployed", version: "v1", live: "v1", infra: "terraform" });
    expect(await answers()).toEqual(["1", "1", "1", "1"]);
    await expectTerraformPlanClean();
  }, 600_000);
});
