// Helpers for the rebake tests: a security step that installs a real package offline, the sandbox's
// "vendor publishes a newer base image" admin call, a webhook receiver, and throwaway projects.

import { DescribeInstanceRefreshesCommand } from "@aws-sdk/client-auto-scaling";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CloudClients } from "../../src/cloud/target.js";

const repo = resolve(import.meta.dirname, "../..");

/** Builds a tiny .deb on the builder and installs it with dpkg: a real package change with no network. */
export function hotfixStep(version: string): string {
  return [
    "set -e",
    "d=$(mktemp -d)",
    "mkdir -p $d/pkg/DEBIAN",
    `printf 'Package: roll-hotfix\\nVersion: ${version}\\nArchitecture: all\\nMaintainer: roll <roll@example.invalid>\\nDescription: offline fix\\n' > $d/pkg/DEBIAN/control`,
    "dpkg-deb --build $d/pkg $d/hotfix.deb >/dev/null",
    "sudo dpkg -i $d/hotfix.deb 2>/dev/null",
  ].join("; ");
}

export async function publishBase(endpoint: string): Promise<{ name: string; packages: { name: string; to: string }[] }> {
  const response = await fetch(new URL("/__sandbox/publish-base", endpoint), { method: "POST" });
  if (!response.ok) throw new Error(`publish-base answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { name: string; packages: { name: string; to: string }[] };
}

export async function refreshCount(clients: CloudClients, groupName: string): Promise<number> {
  const answer = await clients.autoscaling().send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName }));
  return answer.InstanceRefreshes?.length ?? 0;
}

export async function webhookReceiver() {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(text));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** A project with one small app per name (1 instance each), built on the demo template. */
export async function tempProject(apps: { name: string; schedule?: string; securityUpdate?: string }[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "roll-rebake-project-"));
  await mkdir(join(root, "stacks"));
  await cp(join(repo, "templates"), join(root, "templates"), { recursive: true });
  await writeFile(join(root, "package.json"), `{ "name": "rebake-test", "type": "module", "private": true }\n`);
  const demoTemplate = await readFile(join(repo, "templates/demo.pkr.hcl"), "utf8");
  for (const app of apps) {
    // Its own template: image names are per app (two apps baking in the same second must not collide).
    await writeFile(join(root, "templates", `${app.name}.pkr.hcl`), demoTemplate.replace('ami_name      = "demo-', `ami_name      = "${app.name}-`));
    const rebake = JSON.stringify({ schedule: app.schedule, securityUpdate: app.securityUpdate ?? "true" });
    await writeFile(
      join(root, "stacks", `${app.name}.ts`),
      `import { AsgService, defineApp } from ${JSON.stringify(join(repo, "src/stack/index.ts"))};
export default defineApp({
  name: ${JSON.stringify(app.name)},
  template: ${JSON.stringify(`templates/${app.name}.pkr.hcl`)},
  stack(scope, inputs) {
    new AsgService(scope, "service", { inputs, instanceType: "t3.micro", minSize: 1, maxSize: 1, desiredCapacity: 1, availabilityZones: [inputs.region + "a"], healthCheckType: "EC2", healthCheckGracePeriodSeconds: 5 });
  },
  rollout: { minHealthyPercentage: 0, instanceWarmupSeconds: 1, soakSeconds: 1, gates: [{ type: "http", path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 2 }] },
  rebake: ${rebake},
});
`,
    );
  }
  return root;
}
