// The http gate: GET http://<instance>:<port><path> on every new instance.

import { setMaxListeners } from "node:events";
import { get as httpGet } from "node:http";
import type { HttpGate } from "../policy.js";
import type { GateProvider, GateTarget, Measurement } from "../measurement.js";

const BODY_EVIDENCE_LIMIT = 120;

interface HttpAnswer {
  status: number;
  body: string;
}

/** One GET on a fresh connection (no pooling: instances come and go under us). */
function get(url: string, timeoutMs: number, signal: AbortSignal): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: false, signal, timeout: timeoutMs }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    request.on("error", reject);
  });
}

async function probe(spec: HttpGate, name: string, target: GateTarget, signal: AbortSignal): Promise<Measurement> {
  const url = `http://${target.ip}:${spec.port}${spec.path}`;
  const expected = spec.expectStatus ?? 200;
  const at = Date.now();
  let answer: HttpAnswer;
  try {
    answer = await get(url, (spec.timeoutSeconds ?? 2) * 1000, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code && code !== "ABORT_ERR" ? code : (error as Error).message;
    return { gate: name, target: target.id, status: "Error", value: "no response", message: `${url}: ${message}`, at };
  }
  const evidence = answer.body.trim().slice(0, BODY_EVIDENCE_LIMIT);
  const value = `HTTP ${answer.status}`;
  if (answer.status !== expected) {
    return { gate: name, target: target.id, status: "Failed", value, message: `expected ${expected}, got ${answer.status}: ${evidence}`, at };
  }
  if (spec.bodyRegex && !new RegExp(spec.bodyRegex).test(answer.body)) {
    return { gate: name, target: target.id, status: "Failed", value, message: `body does not match /${spec.bodyRegex}/: ${evidence}`, at };
  }
  return { gate: name, target: target.id, status: "Successful", value, at };
}

export function newHttpProvider(spec: HttpGate): GateProvider {
  const name = `http :${spec.port}${spec.path}`;
  return {
    name,
    intervalMs: (spec.intervalSeconds ?? 2) * 1000,
    async measure(targets, signal) {
      // One probe per instance listens on the round's signal: a large fleet is not a listener leak.
      const round = new AbortController();
      setMaxListeners(targets.length + 10, round.signal);
      const stop = () => round.abort(signal.reason);
      signal.addEventListener("abort", stop, { once: true });
      try {
        return await Promise.all(targets.map((target) => probe(spec, name, target, round.signal)));
      } finally {
        signal.removeEventListener("abort", stop);
      }
    },
  };
}
