import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isRollError, type RollError } from "../../src/engine/errors.js";
import { listApps, loadApp } from "../../src/stack/load-app.js";

const repoRoot = resolve(import.meta.dirname, "../..");

async function rejection(promise: Promise<unknown>): Promise<RollError> {
  try {
    await promise;
  } catch (error) {
    if (isRollError(error)) return error;
    throw error;
  }
  throw new Error("expected loadApp to fail");
}

describe("loadApp", () => {
  let project: string | undefined;
  afterEach(() => project && rmSync(project, { recursive: true, force: true }));

  function projectWith(files: Record<string, string>): string {
    project = mkdtempSync(join(tmpdir(), "roll-load-app-"));
    mkdirSync(join(project, "stacks"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(project, "stacks", name), text);
    return project;
  }

  it("loads stacks/<name>.ts", async () => {
    const app = await loadApp(repoRoot, "demo");
    expect(app.name).toBe("demo");
    expect(app.template).toBe("templates/demo.pkr.hcl");
    expect(app.rollout.gates[0]).toMatchObject({ type: "http", path: "/healthz" });
  });

  it("lists the apps that exist when the name is unknown", async () => {
    const root = projectWith({ "web.ts": "", "api.ts": "", "main.ts": "", "types.d.ts": "" });
    expect(listApps(root)).toEqual(["api", "web"]);
    const error = await rejection(loadApp(root, "dmeo"));
    expect(error.code).toBe("app-not-found");
    expect(error.fault).toBe("user");
    expect(error.message).toContain('no app named "dmeo"');
    expect(error.message).toContain("api, web");
  });

  it("says so when there are no apps at all", async () => {
    const root = projectWith({});
    const error = await rejection(loadApp(root, "demo"));
    expect(error.code).toBe("app-not-found");
    expect(error.message).toContain("no apps in");
  });

  it("refuses a file that does not export an app", async () => {
    const root = projectWith({ "web.ts": "export const notDefault = 1;\n" });
    const error = await rejection(loadApp(root, "web"));
    expect(error.code).toBe("app-invalid");
    expect(error.location?.file).toBe("stacks/web.ts");
  });

  it("refuses an app whose name differs from its file", async () => {
    const root = projectWith({
      "web.ts": 'export default { name: "api", template: "t", stack() {}, rollout: { gates: [] } };\n',
    });
    const error = await rejection(loadApp(root, "web"));
    expect(error.code).toBe("app-invalid");
    expect(error.message).toContain('defines app "api"');
  });

  it("reports a file that fails to load", async () => {
    const root = projectWith({ "web.ts": 'throw new Error("boom at load");\n' });
    const error = await rejection(loadApp(root, "web"));
    expect(error.code).toBe("app-load-failed");
    expect(error.message).toContain("boom at load");
  });
});
