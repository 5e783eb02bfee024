// The http gate: GET http://<instance>:<port><path> on every new instance.

import type { HttpGate } from "../policy.js";
import type { GateProvider, GateTarget, Measurement } from "../measurement.js";

const BODY_EVIDENCE_LIMIT = 120;

async function probe(spec: HttpGate, name: string, target: GateTarget, signal: AbortSignal): Promise<Measurement> {
  const url = `http://${target.ip}:${spec.port}${spec.path}`;
  const expected = spec.expectStatus ?? 200;
  const at = Date.now();
  const timeout = AbortSignal.timeout((spec.timeoutSeconds ?? 2) * 1000);
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, timeout]), headers: { connection: "close" } });
    const body = await response.text();
    const evidence = body.trim().slice(0, BODY_EVIDENCE_LIMIT);
    const value = `HTTP ${response.status}`;
    if (response.status !== expected) {
      return { gate: name, target: target.id, status: "Failed", value, message: `expected ${expected}, got ${response.status}: ${evidence}`, at };
    }
    if (spec.bodyRegex && !new RegExp(spec.bodyRegex).test(body)) {
      return { gate: name, target: target.id, status: "Failed", value, message: `body does not match /${spec.bodyRegex}/: ${evidence}`, at };
    }
    return { gate: name, target: target.id, status: "Successful", value, at };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = timeout.aborted ? `no answer within ${spec.timeoutSeconds ?? 2}s` : cause ?? (error as Error).message;
    return { gate: name, target: target.id, status: "Error", value: "no response", message: `${url}: ${message}`, at };
  }
}

export function newHttpProvider(spec: HttpGate): GateProvider {
  const name = `http :${spec.port}${spec.path}`;
  return {
    name,
    intervalMs: (spec.intervalSeconds ?? 2) * 1000,
    measure: (targets, signal) => Promise.all(targets.map((target) => probe(spec, name, target, signal))),
  };
}
