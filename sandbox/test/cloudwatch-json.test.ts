// Current AWS SDKs talk to CloudWatch in AWS JSON 1.0 (awsQueryCompatible), not the query protocol:
// the sandbox must answer them too, with the same behaviour.

import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox } from "./helpers.js";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let cloudwatch: CloudWatchClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  cloudwatch = new CloudWatchClient({
    endpoint: sandbox.sandbox.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("CloudWatch over AWS JSON 1.0", () => {
  it("creates, reads and changes an alarm through the current SDK", async () => {
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: "api-errors",
        MetricName: "Errors",
        Namespace: "App",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 5,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: "api-errors", StateValue: "ALARM", StateReason: "test" }));
    const answer = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ["api-errors"] }));
    const alarm = answer.MetricAlarms?.[0];
    expect(alarm).toMatchObject({ AlarmName: "api-errors", StateValue: "ALARM", StateReason: "test", Threshold: 5, EvaluationPeriods: 2 });
    expect(alarm?.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(Math.abs(alarm!.StateUpdatedTimestamp!.getTime() - Date.now())).toBeLessThan(60_000);
    const filtered = await cloudwatch.send(new DescribeAlarmsCommand({ StateValue: "OK" }));
    expect(filtered.MetricAlarms).toEqual([]);
  });

  it("answers errors with the code the SDK expects", async () => {
    const error = await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ["no-such-alarm"] })).catch((e) => e);
    expect(error.name).toBe("ResourceNotFound");
    expect(error.$metadata.httpStatusCode).toBe(404);
    const invalid = await cloudwatch
      .send(new SetAlarmStateCommand({ AlarmName: "api-errors", StateValue: "PURPLE" as never, StateReason: "x" }))
      .catch((e) => e);
    expect(invalid.$metadata.httpStatusCode).toBe(400);
  });
});
