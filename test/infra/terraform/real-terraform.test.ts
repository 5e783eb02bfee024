// The Terraform adapter with the real terraform binary, applying the demo stack to a running sandbox
// through the same factory the pipelines use (createInfra), with the provider from the offline mirror
// (ROLL_TERRAFORM_PLUGIN_DIR). Runs wherever terraform is on PATH and fails when it cannot run there;
// the transcript-based tests (adapter.test.ts) run everywhere.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeImagesCommand, DescribeLaunchTemplatesCommand } from "@aws-sdk/client-ec2";
import { isRollError } from "../../../src/engine/errors.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../../stacks/demo.js";
import { cloudClients } from "../../../src/cloud/target.js";
import { createInfra, infraSynthOptions, type AppliedChange, type InfraChoice, type InfraPort } from "../../../src/infra/index.js";
import { synthesizeApp } from "../../../src/stack/synth.js";
import { startTestSandbox, type TestSandbox } from "../../../sandbox/test/helpers.js";
import { realTerraformTests } from "../../support/terraform.js";

// It takes one to three minutes (every terraform command starts the 700 MB AWS provider):
// ROLL_SKIP_REAL_TERRAFORM=1 leaves it out of quick local runs.
const available = realTerraformTests("real terraform apply");

describe.skipIf(!available)("terraform apply against the sandbox (real binary)", () => {
  let cloud: TestSandbox;
  let dir: string;
  let infra: InfraPort;
  let choice: InfraChoice;
  let baseImage: string;
  const stackFor = (pinned?: number) =>
    synthesizeApp(demo, { app: "demo", region: "us-east-1", imageId: baseImage, groupLaunchTemplateVersion: pinned }, infraSynthOptions(choice, { kind: "sandbox", region: "us-east-1", endpoint: cloud.sandbox.endpoint }));

  beforeAll(async () => {
    cloud = await startTestSandbox();
    dir = mkdtempSync(join(tmpdir(), "roll-tf-real-"));
    // The provider constraint roll writes by default (5.100+ and 6.x), as a user gets it.
    choice = { kind: "terraform", binary: "terraform" };
    infra = createInfra(choice, cloudClients({ kind: "sandbox", region: "us-east-1", endpoint: cloud.sandbox.endpoint }), { stateRoot: dir });
    const images = await cloud.ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "name", Values: ["sandbox-linux-base-2026.11.0-x86_64"] }] }));
    baseImage = images.Images![0]!.ImageId!;
  });
  afterAll(async () => {
    await cloud?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the template and the pinned group, then plans no changes", { timeout: 300_000 }, async () => {
    const changes: AppliedChange[] = [];
    const result = await infra.apply(stackFor(), { onChange: (change) => changes.push(change) });
    expect(result.launchTemplate).toMatchObject({ name: "roll-demo", latestVersion: 1, createdVersion: 1 });
    expect(result.group).toEqual({ name: "roll-demo", launchTemplateVersion: 1 });
    expect(changes.map((c) => [c.kind, c.action])).toEqual([
      ["launch-template", "created"],
      ["auto-scaling-group", "created"],
    ]);

    const groups = await cloud.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["roll-demo"] }));
    expect(groups.AutoScalingGroups![0]!.LaunchTemplate).toMatchObject({ LaunchTemplateId: result.launchTemplate.id, Version: "1" });
    expect(existsSync(join(dir, "terraform", "demo", "terraform.tfstate"))).toBe(true);

    const plan = await infra.plan(stackFor(1));
    expect(plan.changes).toBe(0);
    expect(plan.resources.map((r) => r.action)).toEqual(["no-op", "no-op"]);
  });

  it("stops before apply when the plan would replace the launch template, naming Terraform's reason", { timeout: 300_000 }, async () => {
    // A new name cannot be changed in place: Terraform would destroy the template the group runs on.
    const renamed = stackFor(1);
    Object.values(renamed.json.resource!.aws_launch_template!)[0]!.name = "roll-demo-renamed";
    const error = await infra.apply(renamed).then(() => undefined, (e: unknown) => e);
    expect(isRollError(error) && error.code).toBe("replace-refused");
    expect((error as Error).message).toMatch(/aws_launch_template\.\S+ would be replaced: .*name/);
    // Nothing was applied: the cloud still has the template under its old name, and the state agrees.
    const templates = await cloud.ec2.send(new DescribeLaunchTemplatesCommand({}));
    expect(templates.LaunchTemplates!.map((t) => t.LaunchTemplateName)).toEqual(["roll-demo"]);
  });
});
