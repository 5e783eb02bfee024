// The Terraform adapter's real code path (spawn, stream reading, exit codes, abort) against a stand-in
// binary that replays transcripts recorded from Terraform 1.11 applying the demo stack to the sandbox
// (test/fixtures/terraform; fake-terraform.mjs). A test with the real binary is in real-terraform.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../../stacks/demo.js";
import { isRollError } from "../../../src/engine/errors.js";
import type { AppliedChange, InfraMessage } from "../../../src/infra/port.js";
import { createTerraformInfra, type TerraformInfraOptions } from "../../../src/infra/terraform/index.js";
import { synthesizeApp } from "../../../src/stack/synth.js";
import type { SynthesizedStack } from "../../../src/stack/synthesized.js";
import { FAKE_TERRAFORM, FIXTURES, GROUP, TEMPLATE } from "./transcripts.js";

let root: string;
let stack: SynthesizedStack;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "roll-tf-adapter-"));
  stack = synthesizeApp(demo, { app: "demo", region: "us-east-1", imageId: "ami-0123456789abcdef0" });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function infraFor(scenario: string, workDir: string, extra: Partial<TerraformInfraOptions> & { env?: NodeJS.ProcessEnv } = {}) {
  const log = join(workDir, `calls-${scenario}.ndjson`);
  const infra = createTerraformInfra({
    binary: FAKE_TERRAFORM,
    workDir,
    ...extra,
    env: { ...process.env, FAKE_TERRAFORM_DIR: join(FIXTURES, scenario), FAKE_TERRAFORM_LOG: log, ...extra.env },
  });
  const calls = () =>
    existsSync(log)
      ? readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { args: string[]; cwd: string })
      : [];
  return { infra, calls };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("terraform adapter on recorded transcripts", () => {
  const workDir = () => join(root, "shared");

  it("apply runs init, plan -out and apply of that plan (outputs read from its stream), and reports each write", async () => {
    const { infra, calls } = infraFor("apply-create", workDir());
    const changes: AppliedChange[] = [];
    const messages: InfraMessage[] = [];
    const result = await infra.apply(stack, { onChange: (c) => changes.push(c), onMessage: (m) => messages.push(m) });

    expect(calls().map((c) => c.args)).toEqual([
      ["init", "-input=false", "-no-color"],
      ["plan", "-input=false", "-json", "-out=roll.tfplan"],
      ["apply", "-input=false", "-json", "roll.tfplan"],
    ]);
    const appDir = join(workDir(), "demo");
    expect(calls().every((c) => c.cwd === appDir)).toBe(true);
    expect(existsSync(join(appDir, "roll.tfplan"))).toBe(false);
    const written = JSON.parse(readFileSync(join(appDir, "cdk.tf.json"), "utf8"));
    expect(written.terraform.backend).toEqual({ local: { path: join(appDir, "terraform.tfstate") } });
    expect(written.resource).toEqual(stack.json.resource);

    expect(result).toMatchObject({
      launchTemplate: { name: "roll-demo", latestVersion: 1, createdVersion: 1 },
      group: { name: "roll-demo", launchTemplateVersion: 1 },
      changes: 2,
    });
    expect(changes.map((c) => [c.kind, c.action, c.address])).toEqual([
      ["launch-template", "created", TEMPLATE],
      ["auto-scaling-group", "created", GROUP],
    ]);
    expect(changes[0]!.id).toBe(result.launchTemplate.id);
    expect(changes[1]!.id).toBe("roll-demo");

    const progress = messages.find((m) => m.kind === "progress");
    expect(progress).toMatchObject({ address: GROUP, action: "create", elapsedSeconds: 10, message: expect.stringContaining("Still creating") });
    expect(messages.filter((m) => m.kind === "summary").map((m) => m.counts?.operation)).toEqual(["plan", "apply"]);
    expect(messages.some((m) => m.kind === "output" && /7 outputs/.test(m.message))).toBe(true);
    // Output values never travel in messages (they may be sensitive).
    expect(JSON.stringify(messages)).not.toContain(result.launchTemplate.id.slice(3) + '"');
  });

  it("a plan with a new image shows a template update and no group change; init is not repeated", async () => {
    const { infra, calls } = infraFor("plan-update", workDir());
    const plan = await infra.plan(stack);
    expect(calls().map((c) => c.args)).toEqual([
      ["plan", "-input=false", "-json", "-lock=false", "-out=roll.tfplan"],
      ["show", "-json", "-no-color", "roll.tfplan"],
    ]);
    expect(plan.changes).toBe(1);
    expect(plan.resources.find((r) => r.address === TEMPLATE)).toMatchObject({ action: "update", detail: "new version 2 (image_id)" });
  });

  it("apply of the new image reports the created version 2 while the group stays pinned to 1", async () => {
    const { infra } = infraFor("apply-update", workDir());
    const changes: AppliedChange[] = [];
    const result = await infra.apply(stack, { onChange: (c) => changes.push(c) });
    expect(result.launchTemplate).toMatchObject({ latestVersion: 2, createdVersion: 2 });
    expect(result.group).toEqual({ name: "roll-demo", launchTemplateVersion: 1 });
    expect(changes).toEqual([expect.objectContaining({ kind: "launch-template", action: "updated", detail: expect.stringMatching(/^new version( 2)? \(image ami-0123456789abcdef0\)$/) })]);
  });

  it("a failed apply is an apply-failed error naming the resource and Terraform's diagnostic", async () => {
    const { infra } = infraFor("apply-error", join(root, "error"));
    const changes: AppliedChange[] = [];
    const messages: InfraMessage[] = [];
    const error = await failure(infra.apply(stack, { onChange: (c) => changes.push(c), onMessage: (m) => messages.push(m) }));
    expect(isRollError(error) && error.code).toBe("apply-failed");
    expect((error as Error).message).toContain(`terraform apply failed: ${GROUP}: creating Auto Scaling Group (roll-broken)`);
    expect((error as Error).message).toContain("Invalid Availability Zone: us-east-1z");
    // What was written before the failure is still reported.
    expect(changes.map((c) => c.kind)).toEqual(["launch-template"]);
    expect(messages.filter((m) => m.level === "error").map((m) => m.kind)).toEqual(["errored", "diagnostic"]);
  });

  it("an unsupported UI version stops the plan with a clear error", async () => {
    const dir = join(root, "ui");
    // Reuse the initialized state of the shared folder's scenario: only plan is replayed here.
    const { infra } = infraFor("unsupported-ui", dir, { env: { FAKE_TERRAFORM_DIR: join(FIXTURES, "unsupported-ui") } });
    const init = infraFor("apply-create", dir);
    await init.infra.init(stack);
    const error = await failure(infra.plan(stack));
    expect(isRollError(error) && error.code).toBe("terraform-ui-version");
    expect((error as Error).message).toMatch(/UI version "2.0"; roll reads version 1.x only/);
  });

  it("abort sends SIGINT: Terraform's recorded graceful stop is read and the run is cancelled", async () => {
    const { infra } = infraFor("apply-interrupted", join(root, "interrupt"));
    const abort = new AbortController();
    const messages: InfraMessage[] = [];
    const error = await failure(
      infra.apply(stack, {
        signal: abort.signal,
        onMessage: (m) => {
          messages.push(m);
          if (m.kind === "start" && m.address === GROUP) abort.abort();
        },
      }),
    );
    expect(isRollError(error) && error.code).toBe("cancelled");
    // The lines Terraform printed after the interrupt were still read.
    expect(messages.some((m) => m.kind === "log" && m.message.includes("Interrupt received"))).toBe(true);
    expect(messages.some((m) => m.kind === "errored" && m.address === GROUP)).toBe(true);
  });

  it("abort escalates to SIGKILL when the binary does not stop within the grace period", async () => {
    const { infra } = infraFor("apply-interrupted", join(root, "kill"), { graceMs: 300, env: { FAKE_TERRAFORM_IGNORE_SIGINT: "1" } });
    const abort = new AbortController();
    const started = Date.now();
    let abortedAt = 0;
    const error = await failure(
      infra.apply(stack, {
        signal: abort.signal,
        onMessage: (m) => {
          if (m.kind === "start" && m.address === GROUP) {
            abortedAt = Date.now();
            abort.abort();
          }
        },
      }),
    );
    expect(isRollError(error) && error.code).toBe("cancelled");
    expect(abortedAt).toBeGreaterThan(started);
    expect(Date.now() - abortedAt).toBeLessThan(5000);
  });

  it("an already aborted signal starts nothing", async () => {
    const { infra, calls } = infraFor("apply-create", join(root, "pre-aborted"));
    const error = await failure(infra.plan(stack, { signal: AbortSignal.abort() }));
    expect(isRollError(error) && error.code).toBe("cancelled");
    expect(calls()).toEqual([]);
  });
});
