// Where Terraform installs providers from, for roll's own runs. Online, Terraform's defaults (the
// registry) need nothing. Offline, ROLL_TERRAFORM_PLUGIN_DIR names a provider mirror (the layout
// `terraform providers mirror` writes): roll writes a CLI config that installs from it, in its own
// working directory so that the user's ~/.terraformrc is never touched. Without it, a CLI config the
// user has (TF_CLI_CONFIG_FILE or ~/.terraformrc, with its own filesystem_mirror) is honoured as is;
// a TF_CLI_CONFIG_FILE that names a missing file is dropped rather than failing every command.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RollError, userError } from "../../engine/errors.js";

export const CLI_CONFIG_FILE = "roll.terraformrc";

export const PROVIDER_HINT =
  "set ROLL_TERRAFORM_PLUGIN_DIR to a provider mirror (made with `terraform providers mirror <dir>`, e.g. /opt/tf-plugins), " +
  "give Terraform access to registry.terraform.io, or use --infra direct";

/** The CLI config text that installs every provider from `mirror` and nothing from the network. */
export function mirrorConfig(mirror: string): string {
  return `# Written by roll for its own terraform runs: providers come from ROLL_TERRAFORM_PLUGIN_DIR.\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`;
}

/**
 * The environment roll's terraform commands run with, as far as provider installation goes.
 * `root` is the parent of the apps' working directories (the config is shared by them).
 */
export function providerInstallEnv(env: NodeJS.ProcessEnv, root: string): NodeJS.ProcessEnv {
  const mirror = env.ROLL_TERRAFORM_PLUGIN_DIR;
  if (mirror) {
    const path = resolve(mirror);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw userError("terraform-plugin-dir", `ROLL_TERRAFORM_PLUGIN_DIR ${JSON.stringify(mirror)} is not a directory`, undefined, PROVIDER_HINT);
    }
    mkdirSync(root, { recursive: true });
    const file = resolve(join(root, CLI_CONFIG_FILE));
    const text = mirrorConfig(path);
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);
    return { ...env, TF_CLI_CONFIG_FILE: file };
  }
  const named = env.TF_CLI_CONFIG_FILE;
  if (named && !existsSync(named)) {
    const { TF_CLI_CONFIG_FILE: _missing, ...rest } = env;
    return rest;
  }
  return env;
}

/** Terraform's words for "no installable provider" in init's output. */
const NOT_FOUND = [
  /Failed to query available provider packages/i,
  /Failed to install provider/i,
  /could not connect to registry\.terraform\.io/i,
  /no available releases match the given constraints/i,
  /Incompatible provider version/i,
  /provider registry\.terraform\.io\/[^ ]+ was not found/i,
];

/** Turns init's failure into one clear error when the cause is that no provider could be installed. */
export function providerNotFound(error: unknown, env: NodeJS.ProcessEnv): RollError | undefined {
  const text = error instanceof Error ? error.message : String(error);
  if (!NOT_FOUND.some((pattern) => pattern.test(text))) return undefined;
  const where = env.ROLL_TERRAFORM_PLUGIN_DIR
    ? `the mirror ROLL_TERRAFORM_PLUGIN_DIR=${env.ROLL_TERRAFORM_PLUGIN_DIR} has no hashicorp/aws version that matches`
    : "it is not in a provider mirror and the registry cannot be reached";
  const detail = text.replace(/^.*?init failed: /, "").slice(0, 400);
  return new RollError("terraform-provider-missing", `terraform init could not install the AWS provider (hashicorp/aws >= 5.100, < 7): ${where} (${detail})`, {
    fault: "user",
    hint: PROVIDER_HINT,
  });
}
