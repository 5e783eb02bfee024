// A lightweight InstanceRuntime double for API and state-machine tests: instances "boot" after a
// short delay without starting processes. User data containing FAIL_BOOT makes the boot fail.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { InstanceExit, InstanceRuntime, LaunchSpec, RunningInstance } from "../src/runtime/types.js";

export const FAIL_BOOT = "sandbox-test:fail-boot";

export interface FakeRuntime extends InstanceRuntime {
  /** Every spec boot() was called with, in order. */
  readonly boots: LaunchSpec[];
  /** Instance ids currently "running". */
  readonly running: Set<string>;
  crash(instanceId: string): void;
}

export function createFakeRuntime(dataDir: string, bootMs = 30): FakeRuntime {
  const boots: LaunchSpec[] = [];
  const running = new Set<string>();
  const exits = new Map<string, (exit: InstanceExit) => void>();
  return {
    boots,
    running,
    async baseLayer(name) {
      const dir = join(dataDir, "fake-base", name);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async boot(spec): Promise<RunningInstance> {
      boots.push(spec);
      await new Promise((resolve) => setTimeout(resolve, bootMs));
      if (spec.userData?.includes(FAIL_BOOT)) throw new Error("init exited with status 1 during boot");
      running.add(spec.instanceId);
      const listeners: ((exit: InstanceExit) => void)[] = [];
      exits.set(spec.instanceId, (exit) => {
        running.delete(spec.instanceId);
        for (const l of listeners) l(exit);
      });
      return {
        instanceId: spec.instanceId,
        ip: spec.ip,
        sshPort: spec.sshPort,
        hostKeyFingerprints: [`256 SHA256:fake ${spec.hostname} (ED25519)`],
        consoleOutput: () => `booted ${spec.hostname} at ${spec.ip}\n-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 SHA256:fake root@${spec.hostname} (ED25519)\n-----END SSH HOST KEY FINGERPRINTS-----\n`,
        async stop() {
          running.delete(spec.instanceId);
          exits.delete(spec.instanceId);
        },
        onExit(listener) {
          listeners.push(listener);
        },
      };
    },
    async snapshot(instanceId, layerDir) {
      await mkdir(layerDir, { recursive: true });
      await writeFile(join(layerDir, "snapshot-of"), instanceId);
    },
    async destroy() {},
    async shutdown() {
      running.clear();
    },
    crash(instanceId) {
      exits.get(instanceId)?.({ reason: "crashed", detail: "init died" });
    },
  };
}
