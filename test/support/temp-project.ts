// A throw-away roll project with apps of the test's own (same demo template, faster or different
// rollout policies), importing roll from this checkout.

import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { RolloutPolicy } from "../../src/rollout/policy.js";

const repoRoot = resolve(import.meta.dirname, "../..");

export interface TempApp {
  name: string;
  rollout: RolloutPolicy;
  size?: number;
  /** Extra AsgService props as TypeScript source, e.g. `healthCheckType: "ELB"`. */
  extraProps?: string;
  /** Extra defineApp settings as TypeScript source, e.g. `rebake: { … },`. */
  extraApp?: string;
  /** The template, relative to the project (default templates/demo.pkr.hcl; the test writes others). */
  template?: string;
}

export async function createTempProject(apps: TempApp[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "roll-project-"));
  await mkdir(join(root, "stacks"), { recursive: true });
  await writeFile(join(root, "package.json"), `${JSON.stringify({ name: "roll-test-project", private: true, type: "module" })}\n`);
  await cp(join(repoRoot, "templates"), join(root, "templates"), { recursive: true });
  for (const app of apps) {
    const size = app.size ?? 4;
    await writeFile(
      join(root, "stacks", `${app.name}.ts`),
      `import { AsgService, defineApp } from ${JSON.stringify(join(repoRoot, "src/stack/index.ts"))};

export default defineApp({
  name: ${JSON.stringify(app.name)},
  template: ${JSON.stringify(app.template ?? "templates/demo.pkr.hcl")},
  stack(scope, inputs) {
    new AsgService(scope, "service", {
      inputs,
      instanceType: "t3.micro",
      minSize: ${size},
      maxSize: ${size},
      desiredCapacity: ${size},
      availabilityZones: [\`\${inputs.region}a\`],
      ${app.extraProps ?? ""}
    });
  },
  rollout: ${JSON.stringify(app.rollout)},
  ${app.extraApp ?? ""}
});
`,
    );
  }
  return root;
}

/** A rollout that takes seconds: two instances at a time, short warm-up and bake, fast gate. */
export const FAST_ROLLOUT: RolloutPolicy = {
  minHealthyPercentage: 50,
  instanceWarmupSeconds: 1,
  bakeTimeSeconds: 2,
  soakSeconds: 1,
  gates: [{ type: "http", path: "/healthz", port: 8080, intervalSeconds: 0.5, timeoutSeconds: 1 }],
};
