// Entry point for the cdktf CLI (cdktf.json: "app": "npx tsx stacks/main.ts"): synthesizes every app
// in stacks/ as its own Terraform stack. roll itself synthesizes in-process with the real image id;
// here the inputs come from the environment or cdktf context, with a clear placeholder otherwise.
//
//   ROLL_IMAGE_ID / context imageId                       image for the launch template
//   ROLL_REGION / context region                          default us-east-1
//   ROLL_LAUNCH_TEMPLATE_VERSION / context launchTemplateVersion   pin the group (else latest_version)
//   ROLL_SANDBOX_ENDPOINT                                 point the provider at a running sandbox

import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import { synthesizeProjectForCdktf } from "../src/stack/index.js";

const PLACEHOLDER_IMAGE = "ami-PLACEHOLDER-set-ROLL_IMAGE_ID";

function setting(env: string, context: unknown): string | undefined {
  const value = process.env[env] ?? (context === undefined ? undefined : String(context));
  return value === "" ? undefined : value;
}

const sandboxEndpoint = setting("ROLL_SANDBOX_ENDPOINT", undefined);

await synthesizeProjectForCdktf({
  projectRoot: dirname(dirname(fileURLToPath(import.meta.url))),
  target: sandboxEndpoint ? { kind: "sandbox", endpoint: sandboxEndpoint } : { kind: "aws" },
  inputs(app, context) {
    const version = setting("ROLL_LAUNCH_TEMPLATE_VERSION", context("launchTemplateVersion"));
    return {
      app,
      region: setting("ROLL_REGION", context("region")) ?? "us-east-1",
      imageId: setting("ROLL_IMAGE_ID", context("imageId")) ?? PLACEHOLDER_IMAGE,
      groupLaunchTemplateVersion: version === undefined ? undefined : Number(version),
    };
  },
});
