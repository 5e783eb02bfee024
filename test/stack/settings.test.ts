// App settings are checked when the app loads, before anything is baked: the user's own mistakes
// (a misspelt gate type or setting, a port in quotes, an impossible percentage, a block in the wrong
// place) each name the file, the line, the field and the bad value, and map to exit 2.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT, exitCodeForError } from "../../src/cli/exit-codes.js";
import { describeError, isRollError, type RollError } from "../../src/engine/errors.js";
import { loadApp } from "../../src/stack/load-app.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const project = mkdtempSync(join(tmpdir(), "roll-settings-"));
mkdirSync(join(project, "stacks"));
mkdirSync(join(project, "templates"));
writeFileSync(join(project, "templates", "site.pkr.hcl"), "# not read by these tests\n");
afterAll(() => rmSync(project, { recursive: true, force: true }));

const GOOD_GATE = '{ type: "http", path: "/", port: 8080 }';

/** A site app in the shape a user writes it; each case swaps one piece for a mistake. */
function siteApp(name: string, parts: { gate?: string; props?: string; rollout?: string } = {}): string {
  const source = `import { AsgService, defineApp } from ${JSON.stringify(join(repoRoot, "src/stack/index.ts"))};

export default defineApp({
  name: "${name}",
  template: "templates/site.pkr.hcl",
  stack(scope, inputs) {
    new AsgService(scope, "service", {
      inputs,
      instanceType: "t3.micro",
      minSize: 3,
      maxSize: 3,
      ${parts.props ?? "desiredCapacity: 3,"}
      availabilityZones: ["us-east-1a"],
    });
  },
  rollout: {
    minHealthyPercentage: 66,
    ${parts.rollout ?? ""}
    gates: [
      ${parts.gate ?? GOOD_GATE},
    ],
  },
});
`;
  writeFileSync(join(project, "stacks", `${name}.ts`), source);
  return source;
}

async function failure(name: string): Promise<RollError> {
  try {
    await loadApp(project, name);
  } catch (error) {
    if (isRollError(error)) return error;
    throw error;
  }
  throw new Error(`expected stacks/${name}.ts to be refused`);
}

function lineWith(source: string, text: string): number {
  return source.split("\n").findIndex((line) => line.includes(text)) + 1;
}

describe("app settings are checked when the app loads", () => {
  it("accepts a well-formed app", async () => {
    siteApp("good");
    expect((await loadApp(project, "good")).rollout.gates).toHaveLength(1);
  });

  it.each([
    ["gate type htttp", "typo", { gate: '{ type: "htttp", path: "/", port: 8080 }' }, "rollout.gates[0].type", '"htttp"', 'did you mean "http"', '"htttp"'],
    ["port in quotes", "quoted", { gate: '{ type: "http", path: "/", port: "8080" }' }, "rollout.gates[0].port", '"8080"', "write 8080 without quotes", '"8080"'],
    ["percentage over 100", "percent", { rollout: "maxHealthyPercentage: 100, checkpoints: [50, 100], minHealthyPercentage: 166," }, "rollout.minHealthyPercentage", "166", "from 0 to 100", "166"],
    ["rebake inside rollout", "misplaced", { rollout: 'rebake: { schedule: "0 4 * * 1" },' }, "rollout.rebake", '"schedule"', "beside rollout", "rebake:"],
    ["misspelt desiredCapacity", "capacity", { props: "desiredCapcity: 3," }, "AsgService.desiredCapcity", "3", 'did you mean "desiredCapacity"', "desiredCapcity"],
    ["bad body regex", "regex", { gate: '{ type: "http", path: "/", port: 8080, bodyRegex: "ok(" }' }, "rollout.gates[0].bodyRegex", '"ok("', "not a valid regular expression", "bodyRegex"],
  ])("%s: names file, line, field and value", async (_case, name, parts, field, value, hint, lineText) => {
    const source = siteApp(name, parts);
    const error = await failure(name);
    expect(error.code).toBe("invalid-settings");
    expect(error.location).toMatchObject({ file: `stacks/${name}.ts`, line: lineWith(source, lineText) });
    const text = describeError(error);
    expect(text).toContain(field);
    expect(text).toContain(value);
    expect(text).toContain(hint);
    expect(exitCodeForError(error)).toBe(EXIT.badInput);
  });

  it("reports every problem at once", async () => {
    siteApp("several", { gate: '{ type: "http", path: "healthz", port: 70000, intervalSeconds: -1 }' });
    const text = describeError(await failure("several"));
    for (const field of ["rollout.gates[0].path", "rollout.gates[0].port = 70000", "rollout.gates[0].intervalSeconds = -1"]) expect(text).toContain(field);
  });

  it("never shows a webhook URL, which may carry a token", async () => {
    const source = siteApp("hook").replace("rollout: {", 'rebake: { webhook: "hooks.example/T0KEN" },\n  rollout: {');
    writeFileSync(join(project, "stacks", "hook.ts"), source);
    const text = describeError(await failure("hook"));
    expect(text).toContain("rebake.webhook");
    expect(text).not.toContain("T0KEN");
  });
});
