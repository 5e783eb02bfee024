// A scripted Azure CLI session (sandbox/test/scripts/az-cli-session.sh): Debian's azure-cli, an
// unchanged client with its own MSAL and SDKs, configured only by what `roll sandbox env` exports.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxEnv } from "../../src/control.js";
import { startTestSandbox, type TestSandbox } from "../helpers.js";
import { envFromExports } from "./azure-helpers.js";

const SCRIPT = fileURLToPath(new URL("../scripts/az-cli-session.sh", import.meta.url));
const run = promisify(execFile);
let t: TestSandbox | undefined;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

it("runs the az session: login from the prepared config, groups, gallery, marketplace, vnet, resources, delete as LRO", { timeout: 420_000 }, async () => {
  const env = envFromExports(sandboxEnv({ ...t!.sandbox, dataDir: t!.dataDir }));
  const { stdout } = await run("sh", [SCRIPT], {
    cwd: t!.dataDir,
    env: { PATH: "/usr/bin:/bin", HOME: t!.dataDir, ...env, SESSION: "t1" },
    timeout: 410_000,
  });
  expect(stdout).toContain("RollSandbox\tservicePrincipal");
  expect(stdout).toMatch(/^Succeeded$/m);
  expect(stdout).toContain("shown: rg-t1 eastus t1");
  expect(stdout).toContain("missing group error: ResourceGroupNotFound");
  expect(stdout).toContain("definitions: app Generalized roll");
  expect(stdout).toMatch(/ubuntu versions: 22\.04\.\d{9}/);
  expect(stdout).toContain("resources: Microsoft.Compute/galleries Microsoft.Compute/galleries/images Microsoft.Network/virtualNetworks");
  expect(stdout).toContain("exists after delete: false");
  expect(stdout).toContain("session t1 done");
});
