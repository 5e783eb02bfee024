// Fault settings from command-line words ("50ms", "RunInstances=0.2", "30s:0.1") and from admin-API
// JSON. Every bad value is refused up front with the value in the message.

import { noFaults, type FaultSettings, type PerAction } from "./types.js";

const ACTION = /^(\*|[A-Z][A-Za-z0-9]{1,127})$/;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function parseDuration(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`${what}: "${text}" is not a duration; write it with a unit, e.g. 50ms, 2s or 1m`);
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}

export function parseRate(text: string, what: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${what}: "${text}" is not a rate; give a number from 0 to 1 (0.05 = 5% of the time)`);
  }
  return value;
}

/** "0.05", "RunInstances=0.2" or "RunInstances=0.2,DescribeInstances=0.1"; a bare value applies to every action. */
export function parsePerAction(words: string[], parseValue: (text: string, what: string) => number, what: string): PerAction {
  const result: PerAction = {};
  for (const part of words.flatMap((w) => w.split(",")).map((p) => p.trim()).filter((p) => p !== "")) {
    const eq = part.indexOf("=");
    const action = eq < 0 ? "*" : part.slice(0, eq).trim();
    if (!ACTION.test(action)) throw new Error(`${what}: "${action}" is not an API action name (like RunInstances) or *`);
    result[action] = parseValue(eq < 0 ? part : part.slice(eq + 1), `${what} ${action}`);
  }
  return result;
}

/** "30s:0.1" = 10% of instances fail 30 s after they run; "30s" = all of them. */
export function parseUnhealthyAfter(text: string): { afterMs: number; rate: number } {
  const [after, rate, extra] = text.split(":");
  if (extra !== undefined || !after) throw new Error(`--unhealthy-after: "${text}" should look like 30s:0.1 (after:rate)`);
  return { afterMs: parseDuration(after, "--unhealthy-after"), rate: rate === undefined ? 1 : parseRate(rate, "--unhealthy-after") };
}

export interface FaultFlags {
  throttle?: string;
  errorRate?: string[];
  errorKind?: string;
  latency?: string[];
  bootFailureRate?: string;
  unhealthyAfter?: string;
  sshRefuse?: string;
  faultSeed?: string;
}

/** Only the settings the flags name (the rest stay as they are). */
export function faultsFromFlags(flags: FaultFlags): Partial<FaultSettings> {
  const patch: Partial<FaultSettings> = {};
  if (flags.throttle !== undefined) {
    if (flags.throttle !== "aws" && flags.throttle !== "off") throw new Error(`--throttle: "${flags.throttle}" is not a mode; use aws or off`);
    patch.throttle = flags.throttle;
  }
  if (flags.errorRate?.length) patch.errorRate = parsePerAction(flags.errorRate, parseRate, "--error-rate");
  if (flags.errorKind !== undefined) {
    if (flags.errorKind !== "internal" && flags.errorKind !== "unavailable") throw new Error(`--error-kind: "${flags.errorKind}" is not a kind; use internal or unavailable`);
    patch.errorKind = flags.errorKind;
  }
  if (flags.latency?.length) patch.latencyMs = parsePerAction(flags.latency, parseDuration, "--latency");
  if (flags.bootFailureRate !== undefined) patch.bootFailureRate = parseRate(flags.bootFailureRate, "--boot-failure-rate");
  if (flags.unhealthyAfter !== undefined) patch.unhealthyAfter = flags.unhealthyAfter === "off" ? null : parseUnhealthyAfter(flags.unhealthyAfter);
  if (flags.sshRefuse !== undefined) patch.sshRefuseMs = parseDuration(flags.sshRefuse, "--ssh-refuse");
  if (flags.faultSeed !== undefined) {
    const seed = Number(flags.faultSeed);
    if (!Number.isSafeInteger(seed)) throw new Error(`--fault-seed: "${flags.faultSeed}" is not an integer`);
    patch.seed = seed;
  }
  return patch;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkNumber(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`${what}: ${JSON.stringify(value)} must be a number from 0 to ${max}`);
  }
  return value;
}

function checkPerAction(value: unknown, what: string, max?: number): PerAction {
  if (!isObject(value)) throw new Error(`${what}: ${JSON.stringify(value)} must be an object of action -> number`);
  const result: PerAction = {};
  for (const [action, v] of Object.entries(value)) {
    if (!ACTION.test(action)) throw new Error(`${what}: "${action}" is not an API action name or *`);
    result[action] = checkNumber(v, `${what}.${action}`, max);
  }
  return result;
}

/** Checks admin-API JSON: any subset of FaultSettings, nothing unknown. */
export function faultsFromJson(value: unknown): Partial<FaultSettings> {
  if (!isObject(value)) throw new Error(`faults must be a JSON object, got ${JSON.stringify(value)}`);
  const known = Object.keys(noFaults());
  const patch: Partial<FaultSettings> = {};
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case "throttle":
        if (v !== "aws" && v !== "off") throw new Error(`throttle: ${JSON.stringify(v)} must be "aws" or "off"`);
        patch.throttle = v;
        break;
      case "errorRate":
        patch.errorRate = checkPerAction(v, "errorRate", 1);
        break;
      case "errorKind":
        if (v !== "internal" && v !== "unavailable") throw new Error(`errorKind: ${JSON.stringify(v)} must be "internal" or "unavailable"`);
        patch.errorKind = v;
        break;
      case "latencyMs":
        patch.latencyMs = checkPerAction(v, "latencyMs", 600_000);
        break;
      case "bootFailureRate":
        patch.bootFailureRate = checkNumber(v, "bootFailureRate", 1);
        break;
      case "unhealthyAfter":
        if (v === null) patch.unhealthyAfter = null;
        else if (isObject(v)) patch.unhealthyAfter = { afterMs: checkNumber(v.afterMs, "unhealthyAfter.afterMs"), rate: checkNumber(v.rate, "unhealthyAfter.rate", 1) };
        else throw new Error(`unhealthyAfter: ${JSON.stringify(v)} must be null or {"afterMs": n, "rate": 0-1}`);
        break;
      case "sshRefuseMs":
        patch.sshRefuseMs = checkNumber(v, "sshRefuseMs");
        break;
      case "seed":
        if (v !== null && !Number.isSafeInteger(v)) throw new Error(`seed: ${JSON.stringify(v)} must be an integer or null`);
        patch.seed = v as number | null;
        break;
      default:
        throw new Error(`unknown fault "${key}"; known: ${known.join(", ")}`);
    }
  }
  return patch;
}
