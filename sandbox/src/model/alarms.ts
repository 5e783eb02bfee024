// CloudWatch metric alarms. The sandbox has no metrics: an alarm keeps the state it was created with
// (INSUFFICIENT_DATA) until SetAlarmState changes it, which is how tests and demos trip one.

import type { Cloud } from "./cloud.js";
import type { AlarmRecord } from "./types.js";

export function alarmKey(region: string, name: string): string {
  return `${region}/${name}`;
}

export function findAlarm(cloud: Cloud, region: string, name: string): AlarmRecord | undefined {
  return cloud.state.alarms[alarmKey(region, name)];
}

/** The alarms among `names` (names or ARNs, as AlarmSpecification takes them) that are in ALARM. */
export function alarmsInAlarm(cloud: Cloud, region: string, names: string[]): string[] {
  return names.filter((nameOrArn) => {
    const name = nameOrArn.startsWith("arn:") ? nameOrArn.slice(nameOrArn.indexOf(":alarm:") + 7) : nameOrArn;
    return findAlarm(cloud, region, name)?.stateValue === "ALARM";
  });
}
