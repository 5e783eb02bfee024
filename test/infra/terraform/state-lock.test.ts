// Terraform state in the sandbox's S3 (the S3 backend with its lock file, `use_lockfile`), with the
// real binary: a state lock left by a roll run that was killed is cleared by the next run, which the
// command journal (.roll-command.json) shows; a lock someone else holds is never touched.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../../stacks/demo.js";
import { cloudClients, type CloudClients } from "../../../src/cloud/target.js";
import { isRollError } from "../../../src/engine/errors.js";
import { createInfra, infraSynthOptions, type InfraChoice, type InfraMessage } from "../../../src/infra/index.js";
import { lockOwner, type CommandNote } from "../../../src/infra/terraform/command-journal.js";
import { synthesizeApp } from "../../../src/stack/synth.js";
import { startTestSandbox, type TestSandbox } from "../../../sandbox/test/helpers.js";
import { realTerraformTests } from "../../support/terraform.js";

const available = realTerraformTests("terraform state lock");
const BUCKET = "team-tf-state";
const LOCK_KEY = "roll/demo/terraform.tfstate.tflock";

describe.skipIf(!available)("a stale Terraform state lock in S3 (real binary)", () => {
  let cloud: TestSandbox;
  let clients: CloudClients;
  let root: string;
  let choice: InfraChoice;

  beforeAll(async () => {
    cloud = await startTestSandbox();
    clients = cloudClients({ kind: "sandbox", region: "us-east-1", endpoint: cloud.sandbox.endpoint });
    await clients.s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    root = mkdtempSync(join(tmpdir(), "roll-tf-lock-"));
    choice = { kind: "terraform", binary: "terraform", backend: { kind: "s3", bucket: BUCKET, region: "us-east-1", endpoint: cloud.sandbox.endpoint } };
  });
  afterAll(async () => {
    await cloud?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function stack() {
    const images = await cloud.ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "name", Values: ["sandbox-linux-base-2026.11.0-x86_64"] }] }));
    const target = { kind: "sandbox" as const, region: "us-east-1", endpoint: cloud.sandbox.endpoint };
    return synthesizeApp(demo, { app: "demo", region: "us-east-1", imageId: images.Images![0]!.ImageId! }, infraSynthOptions(choice, target));
  }

  /** What a roll run killed with -9 during a terraform command leaves: its note, and Terraform's lock. */
  async function leaveLock(who: string): Promise<string> {
    const dead = spawnSync("true").pid!;
    const started = new Date(Date.now() - 5000);
    const note: CommandNote = { rollPid: dead, pid: dead, command: "apply -input=false -json roll.tfplan", startedAt: started.toISOString(), who: lockOwner() };
    mkdirSync(join(root, "terraform", "demo"), { recursive: true });
    writeFileSync(join(root, "terraform", "demo", ".roll-command.json"), JSON.stringify(note));
    const id = `0d1e2a3b-${Math.random().toString(16).slice(2, 6)}-4c5d-8e9f-0a1b2c3d4e5f`;
    const lock = { ID: id, Operation: "OperationTypeApply", Info: "", Who: who, Version: "1.11.4", Created: new Date(started.getTime() + 1000).toISOString(), Path: `${BUCKET}/roll/demo/terraform.tfstate` };
    await clients.s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY, Body: JSON.stringify(lock) }));
    return id;
  }

  const lockStill = () =>
    clients
      .s3()
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY }))
      .then(async (answer) => JSON.parse(await answer.Body!.transformToString()).ID as string, () => undefined);

  it("leaves someone else's lock alone: the run stops and says who holds it", { timeout: 300_000 }, async () => {
    const id = await leaveLock("alice@elsewhere");
    const error = await createInfra(choice, clients, { stateRoot: root }).apply(await stack()).then(() => undefined, (e: unknown) => e);
    expect(isRollError(error) && error.code).toBe("plan-failed");
    expect((error as Error).message).toMatch(/state lock.*alice@elsewhere/is);
    expect(await lockStill()).toBe(id);
  });

  it("clears the lock the killed run's command took, and applies", { timeout: 300_000 }, async () => {
    const id = await leaveLock(lockOwner());
    const commands: string[] = [];
    const messages: InfraMessage[] = [];
    const result = await createInfra(choice, clients, { stateRoot: root, onCommand: (c) => commands.push(c.command) }).apply(await stack(), { onMessage: (m) => messages.push(m) });
    expect(result.launchTemplate).toMatchObject({ name: "roll-demo", createdVersion: 1 });
    expect(messages.filter((m) => m.level === "warn").map((m) => m.message)).toContainEqual(expect.stringContaining(`cleared the state lock ${id} left by a killed roll run`));
    expect(commands).toContain("force-unlock");
    expect(await lockStill()).toBeUndefined();
  });
});
