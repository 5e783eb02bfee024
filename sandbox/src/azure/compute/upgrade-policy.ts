// A scale set's upgradePolicy as the compute spec (virtualMachineScaleSet.json, UpgradePolicy and
// RollingUpgradePolicy) defines it: mode Manual | Automatic | Rolling, and the rolling policy's
// percentages (batch 5-100, unhealthy 5-100, unhealthy upgraded 0-100, each defaulting to 20),
// pauseTimeBetweenBatches as an ISO 8601 duration (default PT0S) and three switches. Bad values are
// refused with the property named, before anything changes.

import { invalidParameter } from "../wire.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

export type UpgradeMode = "Manual" | "Automatic" | "Rolling";

export interface RollingPolicy {
  maxBatchInstancePercent: number;
  maxUnhealthyInstancePercent: number;
  maxUnhealthyUpgradedInstancePercent: number;
  pauseTimeBetweenBatches: string;
  prioritizeUnhealthyInstances: boolean;
  rollbackFailedInstancesOnPolicyBreach: boolean;
  maxSurge: boolean;
}

export interface UpgradePolicy {
  mode: UpgradeMode;
  rollingUpgradePolicy: RollingPolicy;
  automaticOSUpgradePolicy?: Json;
}

/** Seconds of an ISO 8601 duration such as PT1M30S or P1DT2H (years and months are refused). */
export function durationSeconds(text: string): number | undefined {
  const match = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (!match || text.toUpperCase() === "P" || text.toUpperCase().endsWith("T")) return undefined;
  const [, w, d, h, m, s] = match.map((v) => (v === undefined ? 0 : Number(v)));
  return w! * 604800 + d! * 86400 + h! * 3600 + m! * 60 + s!;
}

function percent(policy: Json, field: string, min: number): number {
  const value = policy[field];
  if (value === undefined || value === null) return 20;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > 100) {
    throw invalidParameter(`The value ${JSON.stringify(value)} of parameter '${field}' is out of range. The value must be between ${min} and 100, inclusive.`, `upgradePolicy.rollingUpgradePolicy.${field}`);
  }
  return value;
}

function flag(policy: Json, field: string): boolean {
  const value = policy[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw invalidParameter(`The value ${JSON.stringify(value)} of parameter '${field}' must be true or false.`, `upgradePolicy.rollingUpgradePolicy.${field}`);
  return value;
}

export function parseUpgradePolicy(value: unknown): UpgradePolicy {
  const policy = obj(value);
  const modeText = String(policy.mode ?? "Manual");
  const mode = (["Manual", "Automatic", "Rolling"] as const).find((m) => m.toLowerCase() === modeText.toLowerCase());
  if (!mode) throw invalidParameter(`The value '${modeText}' of parameter 'upgradePolicy.mode' is not allowed. Allowed values are 'Automatic, Manual, Rolling'.`, "upgradePolicy.mode");
  const rolling = obj(policy.rollingUpgradePolicy);
  const pause = String(rolling.pauseTimeBetweenBatches ?? "PT0S");
  const pauseSeconds = durationSeconds(pause);
  if (pauseSeconds === undefined || pauseSeconds > 3600) {
    throw invalidParameter(`The value '${pause}' of parameter 'pauseTimeBetweenBatches' is not a valid ISO 8601 duration between PT0S and PT1H.`, "upgradePolicy.rollingUpgradePolicy.pauseTimeBetweenBatches");
  }
  const parsed: RollingPolicy = {
    maxBatchInstancePercent: percent(rolling, "maxBatchInstancePercent", 5),
    maxUnhealthyInstancePercent: percent(rolling, "maxUnhealthyInstancePercent", 5),
    maxUnhealthyUpgradedInstancePercent: percent(rolling, "maxUnhealthyUpgradedInstancePercent", 0),
    pauseTimeBetweenBatches: pause,
    prioritizeUnhealthyInstances: flag(rolling, "prioritizeUnhealthyInstances"),
    rollbackFailedInstancesOnPolicyBreach: flag(rolling, "rollbackFailedInstancesOnPolicyBreach"),
    maxSurge: flag(rolling, "maxSurge"),
  };
  if (mode === "Rolling" && parsed.maxBatchInstancePercent > parsed.maxUnhealthyInstancePercent) {
    throw invalidParameter(
      `Rolling Upgrade Policy: MaxBatchInstancePercent (${parsed.maxBatchInstancePercent}) cannot be greater than MaxUnhealthyInstancePercent (${parsed.maxUnhealthyInstancePercent}).`,
      "upgradePolicy.rollingUpgradePolicy.maxBatchInstancePercent",
    );
  }
  return { mode, rollingUpgradePolicy: parsed, ...(policy.automaticOSUpgradePolicy ? { automaticOSUpgradePolicy: obj(policy.automaticOSUpgradePolicy) } : {}) };
}
