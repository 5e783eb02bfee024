// The app's Terraform working directory: <workDir>/<app>/cdk.tf.json (the synthesized JSON plus the
// state backend), the provider cache in .terraform, and a note of the configuration the last
// successful `init` saw, so init runs again only when the backend or the required providers change.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizedStack, TerraformJson } from "../../stack/synthesized.js";
import { backendBlock, type BackendConfig } from "./backend.js";

export const CONFIG_FILE = "cdk.tf.json";
const INIT_NOTE = ".roll-init";

export interface AppWorkDir {
  dir: string;
  /** Whether `init` must run before plan/apply. */
  needsInit(): boolean;
  markInitialized(): void;
}

export function prepareWorkDir(workDir: string, stack: SynthesizedStack, backend: BackendConfig | undefined, binaryPath: string): AppWorkDir {
  const dir = join(workDir, stack.app);
  mkdirSync(dir, { recursive: true });
  const json: TerraformJson = { ...stack.json, terraform: { ...stack.json.terraform, backend: backendBlock(backend, stack.app, dir) } };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  const file = join(dir, CONFIG_FILE);
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);

  const initKey = createHash("sha256").update(JSON.stringify({ terraform: json.terraform, binaryPath })).digest("hex");
  const note = join(dir, INIT_NOTE);
  return {
    dir,
    needsInit: () => !existsSync(join(dir, ".terraform")) || !existsSync(note) || readFileSync(note, "utf8") !== initKey,
    markInitialized: () => writeFileSync(note, initKey),
  };
}
