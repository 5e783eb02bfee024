// What a rollout watch reads and waits on, as small ports: the real ones poll the cloud and sleep on
// the wall clock; tests hand in a fake fleet and a fake clock.

import type { CloudClients } from "../cloud/target.js";
import { sleep } from "../engine/sleep.js";
import { describeFleet, describeGroup, type FleetInstance } from "./fleet.js";
import { newGateProvider } from "./gates/index.js";
import type { GateProvider } from "./measurement.js";
import type { GateSpec } from "./policy.js";
import { describeRefresh } from "./refresh.js";

export interface Clock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

export interface RefreshView {
  status: string;
  percentage: number;
  instancesToUpdate?: number;
  reason?: string;
}

export interface FleetSnapshot {
  desired: number;
  instances: FleetInstance[];
}

export interface RolloutObserver {
  refresh(refreshId: string): Promise<RefreshView | undefined>;
  /** Undefined when the group is gone. */
  fleet(): Promise<FleetSnapshot | undefined>;
}

export function cloudObserver(
  clients: CloudClients,
  groupName: string,
  versionOfImage: (imageId: string | undefined) => string | undefined,
): RolloutObserver {
  return {
    async refresh(refreshId) {
      const refresh = await describeRefresh(clients, groupName, refreshId);
      if (!refresh) return undefined;
      return {
        status: refresh.Status ?? "unknown",
        percentage: refresh.PercentageComplete ?? 0,
        instancesToUpdate: refresh.InstancesToUpdate,
        reason: refresh.StatusReason,
      };
    },
    async fleet() {
      const fleet = await describeFleet(clients, groupName, versionOfImage);
      return fleet ? { desired: fleet.desired, instances: fleet.instances } : undefined;
    },
  };
}

export function cloudGateProviders(clients: CloudClients, groupName: string, gates: GateSpec[]): GateProvider[] {
  return gates.map((spec) =>
    newGateProvider(spec, {
      clients,
      groupName,
      targetGroupArns: async () => (await describeGroup(clients, groupName))?.TargetGroupARNs ?? [],
    }),
  );
}
