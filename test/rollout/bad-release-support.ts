// The bad-release matrix (issue 11): the ways a release goes bad, as the demo template's variables
// bake them, each gate type's app, and the checks every case ends with: the release is rolled back and
// the whole fleet, read through the sandbox's own EC2 and Auto Scaling API, runs the previous version.

import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { CreateTargetGroupCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import type { CloudClients } from "../../src/cloud/target.js";
import type { ResultEvent } from "../../src/engine/events.js";
import { runBake } from "../../src/pipelines/bake-app.js";
import { runRelease, type ReleaseSource } from "../../src/pipelines/release.js";
import { runRebake } from "../../src/rebake/run-rebake.js";
import { createReleaseStore } from "../../src/releases/store.js";
import type { RolloutPolicy } from "../../src/rollout/policy.js";
import { httpText, recordingContext, startTestCloud } from "../e2e/helpers.js";
import { createTempProject, type TempApp } from "../support/temp-project.js";

/** Two instances per fleet: enough for "one of N", and the refresh replaces them one at a time. */
export const FLEET_SIZE = 2;

/**
 * API seconds (warm-up, bake time, ELB health-check intervals) pass four times faster than real ones,
 * so a target group's 5 s checks take 1.25 s; roll's own gate intervals and soak are real seconds.
 */
export const MATRIX_TIMING = { apiSecondMs: 250 };

/** Seconds a "bad after warm-up" instance answers healthy; every policy below soaks longer than this. */
export const WARM_UP_SECONDS = 2;

/**
 * Each way a release goes bad, as template variables. The slow boot listens long after every gate's
 * patience (errors, inconclusive answers) has run out.
 */
export const BAD_CASES: Record<string, Record<string, string>> = {
  "all instances bad": { healthy: "false" },
  // The user's report: a 404 on part of the fleet, and the release called deployed.
  "one of two bad (404)": { unhealthy_share: "1/2", unhealthy_status: "404" },
  "bad only after warm-up": { unhealthy_after: String(WARM_UP_SECONDS) },
  "gate endpoint unreachable": { listen_port: "8081" },
  "slow boot": { boot_delay: "60" },
};

/**
 * The same faults as lines a security update appends to the service's settings (a package upgrade
 * that breaks the app), for rebakes, which rebuild the live inputs and change nothing else.
 */
export const REBAKE_FAULTS: Record<string, string> = {
  "all instances bad": "DEMO_HEALTHY=false",
  "one of two bad (404)": "DEMO_UNHEALTHY_SHARE=1/2 DEMO_UNHEALTHY_STATUS=404",
  "bad only after warm-up": `DEMO_UNHEALTHY_AFTER=${WARM_UP_SECONDS}`,
  "gate endpoint unreachable": "DEMO_PORT=8081",
  "slow boot": "DEMO_BOOT_DELAY=60",
};

/** Refresh preferences shared by every variant: the new fleet launches beside the old one, short warm-up and bake. */
const REFRESH = { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmupSeconds: 2, bakeTimeSeconds: 4 } as const;

const HTTP_GATE = { type: "http", path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 1 } as const;

export const HTTP_POLICY: RolloutPolicy = { ...REFRESH, soakSeconds: WARM_UP_SECONDS + 3, gates: [HTTP_GATE] };

/** The soak is the guard: one healthy answer per instance is enough for the gate, the soak does the rest. */
export const SOAK_POLICY: RolloutPolicy = {
  ...REFRESH,
  soakSeconds: WARM_UP_SECONDS + 4,
  gates: [HTTP_GATE],
  assessment: { consecutiveSuccessLimit: 1 },
};

/** A user's script (healthz-gate.mjs): every address in ROLL_TARGETS must answer 200 on /healthz. */
export const COMMAND_POLICY: RolloutPolicy = {
  ...REFRESH,
  soakSeconds: WARM_UP_SECONDS + 3,
  gates: [{ type: "command", command: `"${process.execPath}" "${join(import.meta.dirname, "healthz-gate.mjs")}"`, intervalSeconds: 1, timeoutSeconds: 10 }],
};

/**
 * ELB's own health checks decide: answers stay Inconclusive while a target is still being checked.
 * A target needs two passing checks (5 s) before it can turn bad, and four failing ones (10 s) to be
 * unhealthy, so its warm-up and soak are longer.
 */
export const ELB_WARM_UP_SECONDS = 4;
export const TARGET_HEALTH_POLICY: RolloutPolicy = {
  ...REFRESH,
  // Turning bad at 4 s, a target is unhealthy by 4 + 4 × 2.5 (+ one interval) = 16.5 s after its
  // start; the soak alone keeps the release from being called healthy before 1 + 2 + 20 s.
  soakSeconds: 20,
  gates: [{ type: "target-health", intervalSeconds: 1 }],
  assessment: { inconclusiveLimit: 20 },
};

export type MatrixCloud = Awaited<ReturnType<typeof startTestCloud>>;

export function startMatrixCloud(): Promise<MatrixCloud> {
  return startTestCloud({ timing: MATRIX_TIMING });
}

/**
 * A target group whose HTTP checks hit /healthz on 8080 every 10 API seconds (2.5 s): two passes make
 * a target healthy, four failures unhealthy (a service still starting on a busy machine is not).
 */
export async function createHealthTargetGroup(clients: CloudClients, name: string): Promise<string> {
  const vpcs = await clients.ec2().send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }));
  const answer = await clients.elbv2().send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: "HTTP",
      Port: 8080,
      TargetType: "instance",
      VpcId: vpcs.Vpcs![0]!.VpcId,
      HealthCheckPath: "/healthz",
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 2,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 4,
    }),
  );
  return answer.TargetGroups![0]!.TargetGroupArn!;
}

/** A project of small apps, each with its own copy of the demo template (image names are per app). */
export async function matrixProject(apps: TempApp[]): Promise<string> {
  const root = await createTempProject(apps.map((app) => ({ size: FLEET_SIZE, template: `templates/${app.name}.pkr.hcl`, ...app })));
  const demo = await readFile(join(root, "templates/demo.pkr.hcl"), "utf8");
  for (const app of apps) await writeFile(join(root, "templates", `${app.name}.pkr.hcl`), demo.replace('ami_name      = "demo-', `ami_name      = "${app.name}-`));
  return root;
}

export interface Matrix {
  cloud: MatrixCloud;
  projectRoot: string;
}

export async function release(matrix: Matrix, app: string, source: ReleaseSource): Promise<ResultEvent> {
  const { ctx } = recordingContext(matrix.cloud.clients, matrix.cloud.stateRoot);
  return runRelease({ ...ctx, projectRoot: matrix.projectRoot }, { app, command: "matrix", source });
}

export function deploy(matrix: Matrix, app: string, vars: Record<string, string>): Promise<ResultEvent> {
  return release(matrix, app, { kind: "bake", vars, varFiles: [] });
}

export async function bakeOnly(matrix: Matrix, app: string, vars: Record<string, string>): Promise<ResultEvent> {
  const { ctx } = recordingContext(matrix.cloud.clients, matrix.cloud.stateRoot);
  return runBake({ ...ctx, projectRoot: matrix.projectRoot }, { app, vars, varFiles: [], command: "matrix bake" });
}

export async function rebake(matrix: Matrix, app: string, securityUpdate: string): Promise<ResultEvent> {
  const { ctx } = recordingContext(matrix.cloud.clients, matrix.cloud.stateRoot);
  return runRebake({ ...ctx, projectRoot: matrix.projectRoot }, { app, command: "matrix rebake", securityUpdate });
}

/**
 * The whole fleet, as the sandbox's API tells it: every instance of the group in service and healthy,
 * as many as desired, each running the image of `version` and answering `answer` on /version.
 */
export async function expectFleetOn(matrix: Matrix, app: string, version: string, answer: string): Promise<void> {
  const { clients, stateRoot } = matrix.cloud;
  const state = await createReleaseStore(stateRoot, app).read();
  expect(state.live).toBe(version);
  const imageId = state.versions.find((v) => v.version === version)?.imageId;
  expect(imageId).toBeDefined();
  const groups = await clients.autoscaling().send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [`roll-${app}`] }));
  const group = groups.AutoScalingGroups![0]!;
  const members = group.Instances ?? [];
  expect(members.map((m) => `${m.LifecycleState} ${m.HealthStatus}`)).toEqual(members.map(() => "InService Healthy"));
  expect(members).toHaveLength(group.DesiredCapacity!);
  const described = await clients.ec2().send(new DescribeInstancesCommand({ InstanceIds: members.map((m) => m.InstanceId!) }));
  const instances = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  expect(instances.map((i) => i.ImageId)).toEqual(instances.map(() => imageId));
  const answers = await Promise.all(instances.map((i) => httpText(`http://${i.PrivateIpAddress}:8080/version`)));
  expect(answers).toEqual(instances.map(() => answer));
}

/** A healthy release ends deployed, the whole fleet on it. */
export async function expectDeployed(matrix: Matrix, app: string, result: ResultEvent, version: string, answer: string): Promise<void> {
  await named(`${app}, healthy control`, async () => {
    expect(result.outcome, result.reason).toBe("deployed");
    expect(result.live).toBe(version);
    await expectFleetOn(matrix, app, version, answer);
  });
}

/** A bad release ends rolled back to `live`, with the whole fleet back on it. */
export async function expectRolledBack(matrix: Matrix, app: string, result: ResultEvent, live: string, answer: string, name: string): Promise<void> {
  await named(`${app}, ${name}`, async () => {
    expect(result.outcome, result.reason).toBe("rolled-back");
    expect(result.live).toBe(live);
    await expectFleetOn(matrix, app, live, answer);
  });
}

/** Failures name the app and the case: several run side by side. */
async function named(what: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof Error) error.message = `${what}: ${error.message}`;
    throw error;
  }
}
