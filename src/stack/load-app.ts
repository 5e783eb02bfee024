// Loads an app from stacks/<name>.ts. Every top-level .ts file in stacks/ is an app except main.ts
// (the cdktf entry point); shared constructs go in a subfolder (e.g. stacks/lib/).

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isRollError, RollError, userError } from "../engine/errors.js";
import { allowTypeScriptImports } from "../engine/typescript-imports.js";
import type { AppDefinition } from "./app.js";
import { appSchema } from "./settings/app.js";
import { issuesOf, settingsError } from "./settings/report.js";
import type { Issue } from "./settings/schema.js";

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
  if (typeof module.default !== "object" || module.default === null) {
    throw userError("app-invalid", `${file} must export default defineApp({ name, template, stack, rollout })`, { file });
  }
  const source = readFileSync(join(projectRoot, file), "utf8");
  const issues: Issue[] = [];
  appSchema(module.default, "", issues);
  if (issues.length > 0) throw settingsError(file, source, issues);
  const app = module.default as AppDefinition;
  if (app.name !== name) {
    throw userError("app-invalid", `${file} defines app "${app.name}"; its name must match the file name "${name}"`, {
      file,
      field: "name",
    });
  }
  if (!existsSync(join(projectRoot, app.template))) {
    throw userError("app-invalid", `template = ${JSON.stringify(app.template)}: no such file or folder in ${projectRoot}`, { file, field: "template" });
  }
  await checkConstructs(app, file, source);
  return app;
}

/**
 * Builds the app's constructs once with a stand-in image, without synthesizing, so that their own
 * checks (AsgService's props) speak now rather than after a bake.
 */
async function checkConstructs(app: AppDefinition, file: string, source: string): Promise<void> {
  const { dryBuild } = await import("./dry-build.js");
  try {
    dryBuild(app);
  } catch (error) {
    const issues = issuesOf(error);
    if (issues) throw settingsError(file, source, issues);
    if (isRollError(error)) throw error;
    throw new RollError("stack-failed", `${file}: stack() failed with a stand-in image: ${(error as Error).message}`, {
      fault: "user",
      cause: error,
      location: { file },
    });
  }
}
