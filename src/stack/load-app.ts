// Loads an app from stacks/<name>.ts. Every top-level .ts file in stacks/ is an app except main.ts
// (the cdktf entry point); shared constructs go in a subfolder (e.g. stacks/lib/).

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { RollError, userError } from "../engine/errors.js";
import { allowTypeScriptImports } from "../engine/typescript-imports.js";
import type { AppDefinition } from "./app.js";

const NOT_APPS = new Set(["main.ts"]);

export function stacksDir(projectRoot: string): string {
  return join(projectRoot, "stacks");
}

/** The names of the apps in the project's stacks/ folder, sorted. */
export function listApps(projectRoot: string): string[] {
  const dir = stacksDir(projectRoot);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .filter((entry) => !NOT_APPS.has(entry.name))
    .map((entry) => entry.name.slice(0, -".ts".length))
    .sort();
}

function isAppDefinition(value: unknown): value is AppDefinition {
  const app = value as Partial<AppDefinition> | null;
  return (
    typeof app === "object" &&
    app !== null &&
    typeof app.name === "string" &&
    typeof app.template === "string" &&
    typeof app.stack === "function" &&
    typeof app.rollout === "object" &&
    app.rollout !== null
  );
}

export async function loadApp(projectRoot: string, name: string): Promise<AppDefinition> {
  const apps = listApps(projectRoot);
  const file = `stacks/${name}.ts`;
  if (!apps.includes(name)) {
    const known = apps.length > 0 ? `apps in ${stacksDir(projectRoot)}: ${apps.join(", ")}` : `no apps in ${stacksDir(projectRoot)}`;
    throw userError("app-not-found", `no app named "${name}" (${known})`, { file }, `create ${file} exporting defineApp({ name: "${name}", … })`);
  }
  let module: { default?: unknown };
  try {
    await allowTypeScriptImports();
    module = (await import(pathToFileURL(join(projectRoot, file)).href)) as { default?: unknown };
  } catch (error) {
    throw new RollError("app-load-failed", `could not load ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      fault: "user",
      cause: error,
      location: { file },
    });
  }
  if (!isAppDefinition(module.default)) {
    throw userError("app-invalid", `${file} must export default defineApp({ name, template, stack, rollout })`, { file });
  }
  if (module.default.name !== name) {
    throw userError("app-invalid", `${file} defines app "${module.default.name}"; its name must match the file name "${name}"`, {
      file,
      field: "name",
    });
  }
  return module.default;
}
