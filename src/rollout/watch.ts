// The reconcile loop that watches a rollout. Each tick reads the refresh and the fleet, measures the
// gates that are due on the new instances in service, and asks the pure assessment (assess-rollout.ts)
// for a decision: wait, healthy, or why not. Polling and time come in through ports (watch-ports.ts),
// so the loop runs as well on a fake clock; every tick is repeat-safe, so a restarted process can
// simply watch again.

import type { EventSink, InstanceEvidence } from "../engine/events.js";
import { throwIfAborted } from "../engine/steps.js";
import type { CloudClients } from "../cloud/target.js";
import { assessGate, limitsOf } from "./assess.js";
import { assessGates, assessRollout, instanceEvidence, REFRESH_FAILED, type RolloutDecision } from "./assess-rollout.js";
import type { FleetInstance } from "./fleet.js";
import type { GateProvider, Measurement } from "./measurement.js";
import type { RolloutPolicy } from "./policy.js";
import { ACTIVE_STATUSES, findActiveRefresh, rollbackRefresh } from "./refresh.js";
import { newRolloutState, observeFleet, recordRound } from "./rollout-state.js";
import { cloudGateProviders, cloudObserver, systemClock, type Clock, type FleetSnapshot, type RefreshView, type RolloutObserver } from "./watch-ports.js";

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
  /** Ports, for tests: default the cloud, the policy's gates and the wall clock. */
  clock?: Clock;
  observer?: RolloutObserver;
  providers?: GateProvider[];
}

export type WatchResult = (
  | { type: "healthy" }
  | { type: "gate-failed"; gate: string; target?: string; reason: string; evidence: Measurement[]; refreshStatus?: string }
  | { type: "refresh-ended"; status: string; reason?: string }
  | { type: "timed-out"; refreshStatus?: string }
) & { instances: InstanceEvidence[] };

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** Emits refresh and instance-table events only when they change. */
function progressEmitter(emit: EventSink) {
  let lastRefresh = "";
  let lastFleet = "";
  return {
    refresh(refreshId: string, view: RefreshView) {
      const key = `${view.status}|${view.percentage}|${view.reason ?? ""}`;
      if (key === lastRefresh) return;
      lastRefresh = key;
      emit({ type: "refresh", refreshId, status: view.status, percentage: view.percentage, instancesToUpdate: view.instancesToUpdate, reason: view.reason });
    },
    fleet(fleet: FleetSnapshot | undefined) {
      if (!fleet) return;
      const instances = fleet.instances.map(({ id, ip, version, lifecycle, health }) => ({ id, ip, version, lifecycle, health }));
      const key = JSON.stringify(instances);
      if (key === lastFleet) return;
      lastFleet = key;
      emit({ type: "instances", instances });
    },
  };
}

/** The default soak: two intervals of the slowest gate on the whole new fleet. */
export function soakMsOf(policy: RolloutPolicy, providers: GateProvider[]): number {
  if (policy.soakSeconds !== undefined) return policy.soakSeconds * 1000;
  return 2 * Math.max(0, ...providers.map((p) => p.intervalMs));
}

export async function watchRollout(options: WatchOptions): Promise<WatchResult> {
  const { clients, groupName, refreshId, policy, emit, signal } = options;
  const clock = options.clock ?? systemClock;
  const observer = options.observer ?? cloudObserver(clients, groupName, options.versionOfImage);
  const providers = options.providers ?? cloudGateProviders(clients, groupName, policy.gates);
  const pollMs = options.pollMs ?? 500;
  const limits = limitsOf(policy.assessment);
  const soakMs = soakMsOf(policy, providers);
  const deadline = clock.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const state = newRolloutState(
    providers.map((p) => p.name),
    clock.now(),
    refreshId !== undefined,
  );
  const nextDue = new Map(providers.map((p) => [p.name, 0]));
  const progress = progressEmitter(emit);
  const isNew = (instance: FleetInstance) => options.targetVersion === undefined || instance.launchTemplateVersion === options.targetVersion;
  let refresh: RefreshView | undefined;
  let lastPause = "";
  const end = (decision: Exclude<RolloutDecision, { type: "wait" }> | { type: "timed-out"; refreshStatus?: string }): WatchResult => {
    const instances = instanceEvidence(state, limits);
    if (decision.type === "gate-failed") return { ...decision, refreshStatus: refresh?.status, instances };
    return { ...decision, instances };
  };

  for (;;) {
    throwIfAborted(signal);
    if (clock.now() > deadline) return end({ type: "timed-out", refreshStatus: refresh?.status });

    if (refreshId) {
      refresh = (await observer.refresh(refreshId)) ?? { status: "unknown", percentage: 0 };
      progress.refresh(refreshId, refresh);
      if (REFRESH_FAILED.has(refresh.status)) return end({ type: "refresh-ended", status: refresh.status, reason: refresh.reason });
    }
    const fleet = await observer.fleet();
    progress.fleet(fleet);
    const status = refresh?.status ?? "Successful";
    observeFleet(
      state,
      {
        instances: fleet?.instances,
        desired: fleet?.desired ?? 0,
        isNew,
        refreshDone: status === "Successful" || status === "Baking",
        refreshSuccessful: refreshId !== undefined && status === "Successful",
      },
      clock.now(),
    );

    // Gates that are due measure every new instance in service; a failure rolls back in this same tick.
    const addresses = new Map((fleet?.instances ?? []).map((i) => [i.id, i.ip]));
    const targets = state.inService.map((id) => ({ id, ip: addresses.get(id)! }));
    for (const provider of providers) {
      const now = clock.now();
      if (targets.length === 0 || now < nextDue.get(provider.name)!) continue;
      nextDue.set(provider.name, now + provider.intervalMs);
      const round = recordRound(state, provider.name, await provider.measure(targets, signal), now, limits.consecutiveSuccessLimit);
      const verdict = assessGate(state.measurements.get(provider.name)!, limits).verdict === "failed" ? "failed" : "running";
      for (const m of round) {
        emit({ type: "gate", gate: provider.name, target: m.target, status: m.status, value: m.value, message: m.message, verdict });
      }
      const failed = assessGates(state, limits);
      if (failed) return end(failed);
    }

    const decision = assessRollout(state, { now: clock.now(), refresh: refreshId ? refresh : undefined, soakMs, limits });
    if (decision.type === "healthy") {
      for (const provider of providers) emit({ type: "gate", gate: provider.name, status: "Successful", verdict: "passed" });
      return end(decision);
    }
    if (decision.type !== "wait") return end(decision);
    // Inconclusive pauses the verdict: say so once, not every tick.
    const pause = decision.reason.includes(" paused: ") ? decision.reason : "";
    if (pause && pause !== lastPause) emit({ type: "log", level: "warn", message: pause });
    lastPause = pause;
    await clock.sleep(pollMs, signal);
  }
}

export type RefreshWatchOptions = Pick<WatchOptions, "clients" | "groupName" | "emit" | "signal" | "versionOfImage" | "pollMs" | "clock" | "observer"> & {
  refreshId: string;
  timeoutMs?: number;
};

/** Waits for a refresh (usually a rollback) to end, reporting progress; returns its final status as soon as it is known. */
export async function watchRefreshToEnd(options: RefreshWatchOptions): Promise<string> {
  const clock = options.clock ?? systemClock;
  const observer = options.observer ?? cloudObserver(options.clients, options.groupName, options.versionOfImage);
  const progress = progressEmitter(options.emit);
  const deadline = clock.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    throwIfAborted(options.signal);
    const refresh = (await observer.refresh(options.refreshId)) ?? { status: "unknown", percentage: 0 };
    progress.refresh(options.refreshId, refresh);
    progress.fleet(await observer.fleet());
    if (!ACTIVE_STATUSES.has(refresh.status) || clock.now() > deadline) return refresh.status;
    await clock.sleep(options.pollMs ?? 500, options.signal);
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
