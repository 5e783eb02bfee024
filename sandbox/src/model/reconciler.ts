// The reconcile loop: every tick moves instances, images, groups, instance refreshes and target
// health one step toward their targets. Each step is repeat-safe, so a restart is just another tick.

import { reconcileActivities } from "./activities.js";
import type { Cloud } from "./cloud.js";
import { reconcileGroupTargets } from "./group-targets.js";
import { reconcileGroup } from "./groups.js";
import { reconcileTargetGroups } from "./health-checks.js";
import { reconcileImages } from "./images.js";
import { reconcileInstances } from "./instances.js";
import { reconcileRefresh } from "./refresh.js";

export function tick(cloud: Cloud): void {
  reconcileInstances(cloud);
  reconcileImages(cloud);
  for (const group of Object.values(cloud.state.groups)) {
    try {
      reconcileRefresh(cloud, group);
      reconcileGroup(cloud, group);
      reconcileGroupTargets(cloud, group);
    } catch (error) {
      cloud.log(`reconciling group ${group.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  reconcileTargetGroups(cloud);
  reconcileActivities(cloud);
}

export function startReconciler(cloud: Cloud): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    try {
      tick(cloud);
    } catch (error) {
      cloud.log(`reconcile tick failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      running = false;
    }
  }, cloud.timing.tickMs);
  return { stop: () => clearInterval(timer) };
}
