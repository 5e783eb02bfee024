// CloudWatch metric alarms: PutMetricAlarm (create or replace), DescribeAlarms (AlarmNames,
// AlarmNamePrefix, StateValue, AlarmTypes), SetAlarmState, DeleteAlarms.

import { alarmKey, findAlarm } from "../../model/alarms.js";
import { ACCOUNT_ID } from "../../model/ids.js";
import type { AlarmRecord, AlarmStateValue } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";
import type { QueryHandler } from "../context.js";
import { paginateRecords } from "../autoscaling/common.js";

const STATES: AlarmStateValue[] = ["OK", "ALARM", "INSUFFICIENT_DATA"];
const OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
];
const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const MAX_ALARMS = 5000;

function invalid(name: string, value: string, constraint: string): ApiError {
  return new ApiError("ValidationError", `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: ${constraint}`);
}

function checkName(name: string): string {
  if (name.length > 255) throw invalid("alarmName", name, "Member must have length less than or equal to 255");
  return name;
}

function number(params: FormParams, name: string): number | undefined {
  const value = params.str(name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw invalid(name.charAt(0).toLowerCase() + name.slice(1), value, "Member must be a number");
  return parsed;
}

const putMetricAlarm: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const name = checkName(params.required("AlarmName"));
  const evaluationPeriods = params.requiredInt("EvaluationPeriods");
  if (evaluationPeriods < 1) throw invalid("evaluationPeriods", String(evaluationPeriods), "Member must have value greater than or equal to 1");
  const comparisonOperator = params.required("ComparisonOperator");
  if (!OPERATORS.includes(comparisonOperator)) throw invalid("comparisonOperator", comparisonOperator, `Member must satisfy enum value set: [${OPERATORS.join(", ")}]`);
  const statistic = params.str("Statistic");
  if (statistic !== undefined && !STATISTICS.includes(statistic)) throw invalid("statistic", statistic, `Member must satisfy enum value set: [${STATISTICS.join(", ")}]`);
  const metricName = params.str("MetricName");
  const metrics = params.list("Metrics");
  if (metricName === undefined && metrics.length === 0) throw new ApiError("ValidationError", "Either MetricName or Metrics must be specified.");
  if (metricName !== undefined && (statistic === undefined && params.str("ExtendedStatistic") === undefined)) {
    throw new ApiError("ValidationError", "Either Statistic or ExtendedStatistic must be specified.");
  }
  const period = params.int("Period");
  if (metricName !== undefined && period === undefined) throw new ApiError("ValidationError", "Period must be specified.");
  if (period !== undefined && (period < 1 || (period > 60 && period % 60 !== 0) || (period < 60 && ![1, 5, 10, 30].includes(period)))) {
    throw invalid("period", String(period), "Period must be 10, 30 or a multiple of 60");
  }
  const existing = findAlarm(cloud, region, name);
  if (!existing && Object.values(cloud.state.alarms).filter((a) => a.region === region).length >= MAX_ALARMS) {
    throw new ApiError("LimitExceeded", `The maximum number of alarms (${MAX_ALARMS}) has been reached.`);
  }
  const now = cloud.now();
  const alarm: AlarmRecord = {
    name,
    arn: `arn:aws:cloudwatch:${region}:${ACCOUNT_ID}:alarm:${name}`,
    region,
    description: params.raw("AlarmDescription"),
    actionsEnabled: params.bool("ActionsEnabled") ?? true,
    okActions: params.strings("OKActions"),
    alarmActions: params.strings("AlarmActions"),
    insufficientDataActions: params.strings("InsufficientDataActions"),
    metricName,
    namespace: params.str("Namespace"),
    statistic,
    extendedStatistic: params.str("ExtendedStatistic"),
    dimensions: params.list("Dimensions").map((d) => ({ name: d.required("Name"), value: d.required("Value") })),
    period,
    unit: params.str("Unit"),
    evaluationPeriods,
    datapointsToAlarm: params.int("DatapointsToAlarm"),
    threshold: number(params, "Threshold"),
    comparisonOperator,
    treatMissingData: params.str("TreatMissingData"),
    // Replacing an alarm keeps its state, as CloudWatch does until the next evaluation.
    stateValue: existing?.stateValue ?? "INSUFFICIENT_DATA",
    stateReason: existing?.stateReason ?? "Unchecked: Initial alarm creation",
    stateReasonData: existing?.stateReasonData,
    stateUpdated: existing?.stateUpdated ?? now,
    stateTransitioned: existing?.stateTransitioned ?? now,
    configurationUpdated: now,
    tags: params.list("Tags").map((t) => ({ key: t.required("Key"), value: t.raw("Value") ?? "" })),
  };
  cloud.state.alarms[alarmKey(region, name)] = alarm;
  cloud.changed();
  return undefined;
};

function alarmXml(a: AlarmRecord): XmlValue {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: a.description,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configurationUpdated),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: a.stateValue,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: new Date(a.stateUpdated),
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: a.statistic,
    ExtendedStatistic: a.extendedStatistic,
    Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Period: a.period,
    Unit: a.unit,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    StateTransitionedTimestamp: new Date(a.stateTransitioned),
  };
}

const describeAlarms: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const names = params.strings("AlarmNames");
  const prefix = params.str("AlarmNamePrefix");
  if (names.length > 0 && prefix !== undefined) throw new ApiError("ValidationError", "AlarmNames and AlarmNamePrefix cannot be specified together.");
  const state = params.str("StateValue");
  if (state !== undefined && !STATES.includes(state as AlarmStateValue)) throw invalid("stateValue", state, `Member must satisfy enum value set: [${STATES.join(", ")}]`);
  const types = params.strings("AlarmTypes");
  for (const type of types) if (type !== "MetricAlarm" && type !== "CompositeAlarm") throw invalid("alarmTypes", type, "Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]");
  const wantMetric = types.length === 0 || types.includes("MetricAlarm");
  const actionPrefix = params.str("ActionPrefix");
  const alarms = Object.values(cloud.state.alarms)
    .filter((a) => a.region === region)
    .filter((a) => names.length === 0 || names.includes(a.name))
    .filter((a) => prefix === undefined || a.name.startsWith(prefix))
    .filter((a) => state === undefined || a.stateValue === state)
    .filter((a) => actionPrefix === undefined || [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((x) => x.startsWith(actionPrefix)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = paginateRecords(params, wantMetric ? alarms : [], 50, 100);
  return { CompositeAlarms: types.length === 0 || types.includes("CompositeAlarm") ? [] : undefined, MetricAlarms: wantMetric ? page.items.map(alarmXml) : undefined, NextToken: page.nextToken };
};

const setAlarmState: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const name = params.required("AlarmName");
  const stateValue = params.required("StateValue");
  if (!STATES.includes(stateValue as AlarmStateValue)) throw invalid("stateValue", stateValue, `Member must satisfy enum value set: [${STATES.join(", ")}]`);
  const reason = params.required("StateReason");
  if (reason.length > 1023) throw invalid("stateReason", reason.slice(0, 40) + "…", "Member must have length less than or equal to 1023");
  const data = params.str("StateReasonData");
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new ApiError("InvalidFormat", "StateReasonData is not valid JSON.");
    }
  }
  const alarm = findAlarm(cloud, region, name);
  if (!alarm) throw new ApiError("ResourceNotFound", `Alarm ${name} not found`, 404);
  const now = cloud.now();
  if (alarm.stateValue !== stateValue) alarm.stateTransitioned = now;
  alarm.stateValue = stateValue as AlarmStateValue;
  alarm.stateReason = reason;
  alarm.stateReasonData = data;
  alarm.stateUpdated = now;
  cloud.changed();
  return undefined;
};

const deleteAlarms: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const names = params.strings("AlarmNames");
  if (names.length === 0) throw new ApiError("ValidationError", "1 validation error detected: Value null at 'alarmNames' failed to satisfy constraint: Member must not be null");
  // Either every named alarm is deleted or none is.
  const missing = names.filter((n) => !findAlarm(cloud, region, n));
  if (missing.length > 0) throw new ApiError("ResourceNotFound", `${missing.length === 1 ? "Alarm" : "Alarms"} ${missing.join(", ")} not found`, 404);
  for (const name of names) delete cloud.state.alarms[alarmKey(region, name)];
  cloud.changed();
  return undefined;
};

export const alarmHandlers: Record<string, QueryHandler> = {
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  SetAlarmState: setAlarmState,
  DeleteAlarms: deleteAlarms,
};
