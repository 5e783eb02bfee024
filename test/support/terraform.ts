// Terraform is not an npm or Debian package: machines of this project's kind ship it with an offline
// provider mirror (/opt/tf-plugins), others may not. A test that needs the real binary runs wherever
// `terraform` is on PATH and fails (never skips) when it cannot run there: a missing mirror offline is
// then roll's clear "provider missing" error. Only a machine without the binary skips, and says so.

import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** The offline mirror roll is pointed at (ROLL_TERRAFORM_PLUGIN_DIR), as .ci/run and the README set it. */
export const PROVIDER_MIRROR = process.env.ROLL_TERRAFORM_PLUGIN_DIR || "/opt/tf-plugins"; // hashicorp/aws 5.100.0

export function terraformOnPath(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // On PATH but not runnable is a failure the tests must show, not a reason to skip.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/** Points roll's terraform runs in this test process at the mirror, when there is one. */
export function useProviderMirror(): void {
  if (existsSync(PROVIDER_MIRROR)) process.env.ROLL_TERRAFORM_PLUGIN_DIR = PROVIDER_MIRROR;
}

/** Whether to run the real-Terraform tests here; says why not when they do not run. */
export function realTerraformTests(what: string): boolean {
  if (process.env.ROLL_SKIP_REAL_TERRAFORM === "1") {
    console.warn(`${what}: skipped, ROLL_SKIP_REAL_TERRAFORM=1`);
    return false;
  }
  if (!terraformOnPath()) {
    console.warn(`${what}: skipped, no terraform binary on PATH`);
    return false;
  }
  useProviderMirror();
  return true;
}

/**
 * `terraform plan -detailed-exitcode` in an app's working directory, as a user would run it there:
 * 0 means the cloud matches the stack, 2 means changes, 1 an error. Returns the code and the output.
 * Asynchronous on purpose: the tests' sandbox serves Terraform's API calls from this same process, so
 * a synchronous spawn would block it and the plan would hang retrying calls nobody answers.
 */
export function terraformPlanExitCode(dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"], {
      cwd: dir,
      env: { ...process.env, ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
