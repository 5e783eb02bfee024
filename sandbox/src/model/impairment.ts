// Instances that fail later (fault `unhealthyAfter`): when an instance starts running the fault dice
// pick whether and when it fails; at that time its processes are ended (it stops answering, SSH
// included) and its instance status check reports impaired, which Auto Scaling's EC2 health check
// treats as unhealthy, so a group replaces it. The next boot (stop/start, sandbox restart) clears it.

import type { Cloud, LiveInstance } from "./cloud.js";
import type { InstanceRecord } from "./types.js";

/** Called when an instance has just become running. */
export function scheduleImpairment(cloud: Cloud, instance: InstanceRecord): void {
  delete instance.impairedSince;
  const at = cloud.faults.impairmentTime(instance.stateSince);
  if (at === undefined) delete instance.impairAt;
  else instance.impairAt = at;
}

/** One step for a running instance: impair it once its time has come. */
export function reconcileImpairment(cloud: Cloud, instance: InstanceRecord, live: LiveInstance): void {
  if (instance.impairAt === undefined || instance.impairedSince !== undefined || cloud.now() < instance.impairAt) return;
  instance.impairedSince = cloud.now();
  const handle = live.handle;
  // Forgotten first, so its exit is not taken for the instance shutting itself down.
  live.handle = undefined;
  if (handle) {
    try {
      instance.consoleOutput = handle.consoleOutput();
    } catch {
      // The console is gone with the process.
    }
    void handle.stop().catch((error: unknown) => cloud.log(`impairing ${instance.id} failed: ${String(error)}`));
  }
  cloud.log(`instance ${instance.id} fails its status checks (unhealthy-after fault)`);
  cloud.changed();
}

export function isImpaired(instance: InstanceRecord): boolean {
  return instance.state === "running" && instance.impairedSince !== undefined;
}
