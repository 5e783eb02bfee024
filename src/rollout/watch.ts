// The reconcile loop that watches a rollout: each tick reads the refresh and the fleet, measures the
// gates that are due on the new instances, and decides. Every tick is repeat-safe, so a restarted
// process can simply watch again.

import type { CloudClients } from "../cloud/target.js";
import type { EventSink, InstanceView } from "../engine/events.js";
import { sleep } from "../engine/sleep.js";
import { throwIfAborted } from "../engine/steps.js";
import { assessGate } from "./assess.js";
import { describeFleet, describeGroup, inService, type Fleet, type FleetInstance } from "./fleet.js";
import { newGateProvider } from "./gates/index.js";
import type { Measurement } from "./measurement.js";
import type { RolloutPolicy } from "./policy.js";
import { ACTIVE_STATUSES, describeRefresh, findActiveRefresh, rollbackRefresh } from "./refresh.js";

export interface WatchOptions {
  clients: CloudClients;
  groupName: string;
  /** Absent on a first deploy, when the group was just created with the new version. */
  refreshId?: string;
  /** Launch-template version the new instances run; undefined: every instance counts as new. */
  targetVersion?: number;
  policy: RolloutPolicy;
  emit: EventSink;
  signal: AbortSignal;
  versionOfImage: (imageId: string | undefined) => string | undefined;
  pollMs?: number;
  /** Give up after this long (the refresh itself may still be running). */
  timeoutMs?: number;
}

export type WatchResult =
  | { type: "healthy"; fleet: Fleet }
  | { type: "gate-failed"; gate: string; target?: string; reason: string; evidence: Measurement[]; refreshStatus?: string }
  | { type: "refresh-ended"; status: string; reason?: string }
  | { type: "timed-out"; refreshStatus?: string };

const REFRESH_FAILED = new Set(["Failed", "Cancelled", "Cancelling", "RollbackInProgress", "RollbackSuccessful", "RollbackFailed"]);

function fleetKey(instances: InstanceView[]): string {
  return JSON.stringify(instances.map((i) => [i.id, i.ip, i.version, i.lifecycle, i.health]));
}

export async function watchRollout(options: WatchOptions): Promise<WatchResult> {
  const { clients, groupName, refreshId, policy, emit, signal } = options;
  const pollMs = options.pollMs ?? 500;
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const soakMs = (policy.soakSeconds ?? 0) * 1000;
  const providers = policy.gates.map((spec) =>
    newGateProvider(spec, {
      clients,
      groupName,
      targetGroupArns: async () => (await describeGroup(clients, groupName))?.TargetGroupARNs ?? [],
    }),
  );
  const history = new Map<string, Measurement[]>(providers.map((p) => [p.name, []]));
  const lastRound = new Map<string, Measurement[]>();
  const nextDue = new Map<string, number>(providers.map((p) => [p.name, 0]));
  let lastRefreshKey = "";
  let lastFleetKey = "";
  let settledSince: number | undefined;
  let leftoverPolls = 0;
  let refreshStatus: string | undefined = refreshId ? undefined : "Successful";

  for (;;) {
    throwIfAborted(signal);
    if (Date.now() > deadline) return { type: "timed-out", refreshStatus };

    if (refreshId) {
      const refresh = await describeRefresh(clients, groupName, refreshId);
      refreshStatus = refresh?.Status ?? "unknown";
      const percentage = refresh?.PercentageComplete ?? 0;
      const key = `${refreshStatus}|${percentage}|${refresh?.StatusReason ?? ""}`;
      if (key !== lastRefreshKey) {
        lastRefreshKey = key;
        emit({
          type: "refresh",
          refreshId,
          status: refreshStatus,
          percentage,
          instancesToUpdate: refresh?.InstancesToUpdate,
          reason: refresh?.StatusReason,
        });
      }
      if (REFRESH_FAILED.has(refreshStatus)) return { type: "refresh-ended", status: refreshStatus, reason: refresh?.StatusReason };
    }

    const fleet = await describeFleet(clients, groupName, options.versionOfImage);
    if (!fleet) return { type: "refresh-ended", status: "group-missing", reason: `group ${groupName} no longer exists` };
    const key = fleetKey(fleet.instances);
    if (key !== lastFleetKey) {
      lastFleetKey = key;
      emit({ type: "instances", instances: fleet.instances.map(({ id, ip, version, lifecycle, health }) => ({ id, ip, version, lifecycle, health })) });
    }
    const isNew = (instance: FleetInstance) =>
      options.targetVersion === undefined || instance.launchTemplateVersion === options.targetVersion;
    const targets = fleet.instances.filter((i) => inService(i) && isNew(i) && i.ip).map((i) => ({ id: i.id, ip: i.ip! }));

    for (const provider of providers) {
      if (targets.length === 0 || Date.now() < nextDue.get(provider.name)!) continue;
      nextDue.set(provider.name, Date.now() + provider.intervalMs);
      const round = await provider.measure(targets, signal);
      lastRound.set(provider.name, round);
      const list = history.get(provider.name)!;
      list.push(...round);
      const assessment = assessGate(list, policy.assessment);
      for (const measurement of round) {
        emit({
          type: "gate",
          gate: provider.name,
          target: measurement.target,
          status: measurement.status,
          value: measurement.value,
          message: measurement.message,
          verdict: assessment.verdict === "failed" ? "failed" : "running",
        });
      }
      if (assessment.verdict === "failed") {
        const last = assessment.evidence[assessment.evidence.length - 1];
        return { type: "gate-failed", gate: provider.name, target: last?.target, reason: assessment.reason, evidence: assessment.evidence, refreshStatus };
      }
    }

    const allNew =
      fleet.instances.length >= fleet.desired &&
      fleet.instances.every((i) => inService(i) && isNew(i)) &&
      (refreshStatus === "Successful" || refreshStatus === "Baking");
    settledSince = allNew ? (settledSince ?? Date.now()) : undefined;
    // The refresh says it is done, yet old instances remain (a last checkpoint below 100%, or a change
    // made behind roll's back): never call a mixed fleet deployed.
    const old = fleet.instances.filter((i) => !isNew(i)).length;
    leftoverPolls = refreshStatus === "Successful" && refreshId && old > 0 ? leftoverPolls + 1 : 0;
    if (leftoverPolls >= 3) {
      return { type: "refresh-ended", status: "Successful", reason: `the refresh ended with ${old} of ${fleet.instances.length} instances still on the old version` };
    }
    const gatesGreen = providers.every((p) => {
      const round = lastRound.get(p.name) ?? [];
      return round.length > 0 && round.every((m) => m.status === "Successful");
    });
    if (refreshStatus === "Successful" && settledSince !== undefined && Date.now() - settledSince >= soakMs && gatesGreen) {
      for (const provider of providers) emit({ type: "gate", gate: provider.name, status: "Successful", verdict: "passed" });
      return { type: "healthy", fleet };
    }
    await sleep(pollMs, signal);
  }
}

/** Waits for a rollback the cloud is performing, reporting progress; returns its final status. */
export async function watchRefreshToEnd(
  options: Pick<WatchOptions, "clients" | "groupName" | "emit" | "signal" | "versionOfImage" | "pollMs"> & { refreshId: string; timeoutMs?: number },
): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let lastKey = "";
  let lastFleetKey = "";
  for (;;) {
    throwIfAborted(options.signal);
    const refresh = await describeRefresh(options.clients, options.groupName, options.refreshId);
    const status = refresh?.Status ?? "unknown";
    const key = `${status}|${refresh?.PercentageComplete}`;
    if (key !== lastKey) {
      lastKey = key;
      options.emit({ type: "refresh", refreshId: options.refreshId, status, percentage: refresh?.PercentageComplete ?? 0, reason: refresh?.StatusReason });
    }
    const fleet = await describeFleet(options.clients, options.groupName, options.versionOfImage);
    if (fleet) {
      const fk = fleetKey(fleet.instances);
      if (fk !== lastFleetKey) {
        lastFleetKey = fk;
        options.emit({ type: "instances", instances: fleet.instances.map(({ id, ip, version, lifecycle, health }) => ({ id, ip, version, lifecycle, health })) });
      }
    }
    if (!ACTIVE_STATUSES.has(status)) return status;
    if (Date.now() > deadline) return status;
    await sleep(options.pollMs ?? 500, options.signal);
  }
}

/**
 * Rolls back the group's active refresh (unless it is already rolling back) and waits for the end.
 * Returns the final status, or undefined when no refresh was active.
 */
export async function rollBackActiveRefresh(
  options: Pick<WatchOptions, "clients" | "groupName" | "emit" | "signal" | "versionOfImage">,
): Promise<string | undefined> {
  const refresh = await findActiveRefresh(options.clients, options.groupName);
  if (!refresh) return undefined;
  if (refresh.Status !== "RollbackInProgress" && refresh.Status !== "Cancelling") {
    options.emit({ type: "log", level: "warn", message: `rolling back instance refresh ${refresh.InstanceRefreshId} (${refresh.Status})` });
    await rollbackRefresh(options.clients, options.groupName);
  }
  return watchRefreshToEnd({ ...options, refreshId: refresh.InstanceRefreshId! });
}
