// The app's Terraform working directory: <workDir>/<app>/cdk.tf.json (the synthesized JSON plus the
// state backend and any import blocks), the provider cache in .terraform, and a note of the
// configuration the last successful `init` saw, so init runs again only when the backend, the
// required providers, the binary or the provider installation settings change.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizedStack, TerraformJson } from "../../stack/synthesized.js";
import { backendBlock, type BackendConfig } from "./backend.js";
import type { ProviderServer } from "./provider-server.js";

export const CONFIG_FILE = "cdk.tf.json";
const INIT_NOTE = ".roll-init";

/** A Terraform `import` block: adopt the cloud object `id` as the resource at `to`. */
export interface ImportBlock {
  to: string;
  id: string;
}

export interface AppWorkDir {
  dir: string;
  /** Whether `init` must run before plan/apply. */
  needsInit(): boolean;
  markInitialized(): void;
  /** The provider server this call's commands use, if one runs (set after init). */
  provider?: ProviderServer;
}

export function appDir(workDir: string, app: string): string {
  return join(workDir, app);
}

export function prepareWorkDir(
  workDir: string,
  stack: SynthesizedStack,
  backend: BackendConfig | undefined,
  binaryPath: string,
  options: { imports?: ImportBlock[]; env?: NodeJS.ProcessEnv } = {},
): AppWorkDir {
  const dir = appDir(workDir, stack.app);
  mkdirSync(dir, { recursive: true });
  const json: TerraformJson = {
    ...stack.json,
    terraform: { ...stack.json.terraform, backend: backendBlock(backend, stack.app, dir) },
    ...(options.imports?.length ? { import: options.imports } : {}),
  };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  const file = join(dir, CONFIG_FILE);
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);

  const cliConfig = options.env?.TF_CLI_CONFIG_FILE;
  const installation = cliConfig && existsSync(cliConfig) ? readFileSync(cliConfig, "utf8") : "";
  const initKey = createHash("sha256").update(JSON.stringify({ terraform: json.terraform, binaryPath, installation })).digest("hex");
  const note = join(dir, INIT_NOTE);
  return {
    dir,
    needsInit: () => !existsSync(join(dir, ".terraform")) || !existsSync(note) || readFileSync(note, "utf8") !== initKey,
    markInitialized: () => writeFileSync(note, initKey),
  };
}

/** A local state file's managed resources by address, with their attributes (undefined when the state is remote or unreadable). */
export function readLocalState(backend: BackendConfig | undefined, dir: string, app: string): Map<string, Record<string, unknown>> | undefined {
  if (backend && backend.kind !== "local") return undefined;
  const block = backendBlock(backend, app, dir) as { local: { path: string } };
  if (!existsSync(block.local.path)) return new Map();
  try {
    const state = JSON.parse(readFileSync(block.local.path, "utf8")) as {
      resources?: { mode?: string; type: string; name: string; module?: string; instances?: { attributes?: Record<string, unknown> }[] }[];
    };
    return new Map(
      (state.resources ?? []).filter((r) => r.mode !== "data" && !r.module).map((r) => [`${r.type}.${r.name}`, r.instances?.[0]?.attributes ?? {}]),
    );
  } catch {
    return undefined;
  }
}
