// A scripted AWS CLI session (sandbox/test/scripts/aws-cli-session.sh) against a sandbox with the
// real instance runtime: an independent client (Debian's AWS CLI and its own botocore) runs instances,
// waits with its own waiters, bakes an image, and rolls a group onto it with an instance refresh.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime } from "../src/runtime/index.js";
import { startTestSandbox, type TestSandbox } from "./helpers.js";

const AWS = "/usr/bin/aws";
const SCRIPT = fileURLToPath(new URL("./scripts/aws-cli-session.sh", import.meta.url));
const run = promisify(execFile);
let t: TestSandbox | undefined;

beforeAll(async () => {
  if (!existsSync(AWS)) return;
  t = await startTestSandbox({ runtime: (dir) => createRuntime({ dataDir: dir }), timing: { apiSecondMs: 10, imagePendingMs: 200 } });
});
afterAll(async () => {
  await t?.close();
});

// The CLI comes from Debian's awscli package; without it the session cannot run.
it.skipIf(!existsSync(AWS))("runs the AWS CLI session script: instances, waiters, an image, a group and an instance refresh", { timeout: 180_000 }, async () => {
  const { stdout } = await run("sh", [SCRIPT], {
    env: {
      PATH: "/usr/bin:/bin",
      HOME: t!.dataDir,
      AWS_CLI: AWS,
      AWS_ENDPOINT_URL: t!.sandbox.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "roll-sandbox",
      AWS_SECRET_ACCESS_KEY: "roll-sandbox",
      SESSION: "test",
    },
    timeout: 170_000,
  });
  expect(stdout).toContain("console shows the SSH host key fingerprints");
  expect(stdout).toMatch(/refresh status: Successful/);
  expect(stdout).toMatch(/the group's instance i-[0-9a-f]+ runs ami-[0-9a-f]+/);
  expect(stdout).toContain("session test done");
});
