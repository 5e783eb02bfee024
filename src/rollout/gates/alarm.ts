// The alarm gate: CloudWatch alarms the team already trusts (error rate, latency) decide.

import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { AlarmGate } from "../policy.js";
import type { GateContext, GateProvider, Measurement } from "../measurement.js";

export function newAlarmProvider(spec: AlarmGate, context: GateContext): GateProvider {
  const name = `alarm ${spec.alarmNames.join(",")}`;
  return {
    name,
    intervalMs: (spec.intervalSeconds ?? 5) * 1000,
    async measure(targets) {
      const at = Date.now();
      // An alarm watches the whole fleet: its measurement speaks for every instance it was taken over.
      const instances = targets.map((t) => t.id);
      try {
        const answer = await context.clients.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: spec.alarmNames }));
        const alarms = new Map((answer.MetricAlarms ?? []).map((alarm) => [alarm.AlarmName, alarm]));
        return spec.alarmNames.map((alarmName): Measurement => {
          const alarm = alarms.get(alarmName);
          if (!alarm) return { gate: name, target: alarmName, instances, status: "Error", message: `no alarm named ${alarmName}`, at };
          const state = alarm.StateValue ?? "unknown";
          const status = state === "OK" ? "Successful" : state === "ALARM" ? "Failed" : "Inconclusive";
          return { gate: name, target: alarmName, instances, status, value: state, message: alarm.StateReason, at };
        });
      } catch (error) {
        return spec.alarmNames.map((alarmName) => ({ gate: name, target: alarmName, instances, status: "Error" as const, message: (error as Error).message, at }));
      }
    },
  };
}
