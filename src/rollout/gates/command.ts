// The command gate: a user's script decides, given the new instances' addresses.

import { spawn } from "node:child_process";
import type { CommandGate } from "../policy.js";
import type { GateProvider, Measurement } from "../measurement.js";

const OUTPUT_EVIDENCE_LIMIT = 200;

export function newCommandProvider(spec: CommandGate): GateProvider {
  const name = `command ${spec.command.split(/\s+/)[0]}`;
  const timeoutMs = (spec.timeoutSeconds ?? 30) * 1000;
  return {
    name,
    intervalMs: (spec.intervalSeconds ?? 5) * 1000,
    measure(targets, signal) {
      const at = Date.now();
      const target = targets.map((t) => t.id).join(",");
      const instances = targets.map((t) => t.id);
      return new Promise<Measurement[]>((resolve) => {
        let output = "";
        const child = spawn("/bin/sh", ["-c", spec.command], {
          env: { ...process.env, ROLL_TARGETS: targets.map((t) => t.ip).join(" "), ROLL_TARGET_IDS: target },
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
          stdio: ["ignore", "pipe", "pipe"],
        });
        const collect = (chunk: Buffer) => {
          output = (output + chunk.toString()).slice(-OUTPUT_EVIDENCE_LIMIT);
        };
        child.stdout.on("data", collect);
        child.stderr.on("data", collect);
        child.on("error", (error) =>
          resolve([{ gate: name, target, instances, status: "Error", value: "not run", message: error.message, at }]),
        );
        child.on("close", (code) => {
          if (code === null) return; // "error" already resolved (killed by timeout or abort)
          resolve([
            {
              gate: name,
              target,
              instances,
              status: code === 0 ? "Successful" : "Failed",
              value: `exit ${code}`,
              message: output.trim() || undefined,
              at,
            },
          ]);
        });
      });
    },
  };
}
