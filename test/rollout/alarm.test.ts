// An alarm going to ALARM in the middle of a refresh rolls the release back, through roll's alarm
// gate and, as a second line, the refresh's own AlarmSpecification.

import { PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import { planDeploy } from "../../src/pipelines/plan.js";
import { runRelease } from "../../src/pipelines/release.js";
import { describeFleet } from "../../src/rollout/fleet.js";
import { fleetVersions, startTestCloud } from "../e2e/helpers.js";
import { createTempProject } from "../support/temp-project.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let projectRoot: string;
const ALARM = "watched-errors";
const HTTP_GATE = { type: "http", path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 1 } as const;
/** Four instances, paused 30 s at 50% so the alarm can go off mid-refresh, with the alarm handed to AWS too. */
const ALARMED = {
  minHealthyPercentage: 75,
  instanceWarmupSeconds: 1,
  checkpoints: [50, 100],
  checkpointDelaySeconds: 30,
  soakSeconds: 1,
  alarms: [ALARM],
};

beforeAll(async () => {
  cloud = await startTestCloud();
  projectRoot = await createTempProject([
    { name: "watched", rollout: { ...ALARMED, gates: [HTTP_GATE, { type: "alarm", alarmNames: [ALARM], intervalSeconds: 1 }] } },
    // No alarm gate: only the refresh's AlarmSpecification watches, so AWS rolls back on its own.
    { name: "guarded", rollout: { ...ALARMED, gates: [HTTP_GATE] } },
  ]);
  await cloud.clients.cloudwatch().send(
    new PutMetricAlarmCommand({
      AlarmName: ALARM,
      MetricName: "HTTPCode_Target_5XX_Count",
      Namespace: "AWS/ApplicationELB",
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }),
  );
  await cloud.clients.cloudwatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: "OK", StateReason: "quiet" }));
}, 120_000);
afterAll(async () => {
  await cloud?.sandbox.close();
});

function release(version: string, onEvent: (event: RollEvent) => void = () => {}, app = "watched") {
  const events: RollEvent[] = [];
  const emit = (event: RollEvent) => {
    events.push(event);
    onEvent(event);
  };
  return runRelease(
    { projectRoot, stateRoot: cloud.stateRoot, clients: cloud.clients, emit, signal: new AbortController().signal },
    { app, command: "test", source: { kind: "bake", vars: { version }, varFiles: [] } },
  ).then((result) => ({ result, events }));
}

describe("alarm mid-refresh", () => {
  it("rolls back to the live version and leaves the stack matching the cloud", async () => {
    expect((await release("1")).result.outcome).toBe("deployed");
    let raised = false;
    const { result, events } = await release("2", (event) => {
      if (!raised && event.type === "refresh" && event.status === "InProgress" && event.percentage > 0) {
        raised = true;
        void cloud.clients.cloudwatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: "ALARM", StateReason: "5xx spike" }));
      }
    });
    expect(raised).toBe(true);
    expect(result).toMatchObject({ outcome: "rolled-back", version: "v2", live: "v1" });
    expect(result.reason).toContain(ALARM);
    // Whichever saw it first, roll's alarm gate or the refresh's own AlarmSpecification, the rollback
    // names the alarm.
    const rollback = events.find((e): e is Extract<RollEvent, { type: "rollback" }> => e.type === "rollback");
    expect(rollback?.reason).toContain(ALARM);

    const fleet = await describeFleet(cloud.clients, "roll-watched", () => undefined);
    expect(Object.values(await fleetVersions(cloud.clients, fleet!.instances.map((i) => i.id)))).toEqual(["1", "1", "1", "1"]);
    await cloud.clients.cloudwatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: "OK", StateReason: "quiet again" }));
    const plan = await planDeploy({ projectRoot, stateRoot: cloud.stateRoot, clients: cloud.clients }, { app: "watched", vars: { version: "1" }, varFiles: [] });
    expect(plan.changes).toBe(0);
  }, 300_000);

  it("waits for AWS's own alarm rollback when the refresh's AlarmSpecification fires first", async () => {
    await cloud.clients.cloudwatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: "OK", StateReason: "quiet" }));
    expect((await release("1", undefined, "guarded")).result.outcome).toBe("deployed");
    let raised = false;
    const { result, events } = await release(
      "2",
      (event) => {
        if (!raised && event.type === "refresh" && event.status === "InProgress" && event.percentage > 0) {
          raised = true;
          void cloud.clients.cloudwatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: "ALARM", StateReason: "5xx spike" }));
        }
      },
      "guarded",
    );
    expect(result).toMatchObject({ outcome: "rolled-back", version: "v2", live: "v1" });
    expect(result.reason).toContain(ALARM);
    expect(events.some((e) => e.type === "refresh" && e.status === "RollbackSuccessful")).toBe(true);
    const fleet = await describeFleet(cloud.clients, "roll-guarded", () => undefined);
    expect(Object.values(await fleetVersions(cloud.clients, fleet!.instances.map((i) => i.id)))).toEqual(["1", "1", "1", "1"]);
  }, 300_000);
});
