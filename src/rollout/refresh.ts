// The instance refresh, started with an explicit DesiredConfiguration so that AWS's own rollback
// returns to the group's (still live) launch-template version.

import {
  DescribeInstanceRefreshesCommand,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
  type InstanceRefresh,
} from "@aws-sdk/client-auto-scaling";
import type { CloudClients } from "../cloud/target.js";
import type { RolloutPolicy } from "./policy.js";

export const ACTIVE_STATUSES = new Set(["Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking"]);

export interface RefreshRequest {
  groupName: string;
  launchTemplateId: string;
  launchTemplateVersion: number;
  policy: RolloutPolicy;
  /** Skip instances already on the desired configuration (used by rollbacks). */
  skipMatching?: boolean;
}

/**
 * AWS stops a refresh at its last checkpoint: unless that one is 100, part of the group keeps the old
 * version and the refresh still ends "Successful". roll always replaces the whole group.
 */
export function checkpointsReplacingAll(checkpoints: number[] | undefined): number[] | undefined {
  if (!checkpoints || checkpoints.length === 0) return undefined;
  return checkpoints[checkpoints.length - 1] === 100 ? checkpoints : [...checkpoints, 100];
}

export async function startRefresh(clients: CloudClients, request: RefreshRequest): Promise<string> {
  const { policy } = request;
  const checkpoints = checkpointsReplacingAll(policy.checkpoints);
  const answer = await clients.autoscaling().send(
    new StartInstanceRefreshCommand({
      AutoScalingGroupName: request.groupName,
      Strategy: "Rolling",
      DesiredConfiguration: {
        LaunchTemplate: { LaunchTemplateId: request.launchTemplateId, Version: String(request.launchTemplateVersion) },
      },
      Preferences: {
        MinHealthyPercentage: policy.minHealthyPercentage ?? 90,
        MaxHealthyPercentage: policy.maxHealthyPercentage,
        InstanceWarmup: policy.instanceWarmupSeconds ?? 0,
        CheckpointPercentages: checkpoints,
        CheckpointDelay: checkpoints ? policy.checkpointDelaySeconds ?? 0 : undefined,
        SkipMatching: request.skipMatching ?? policy.skipMatching ?? false,
        AutoRollback: true,
        BakeTime: policy.bakeTimeSeconds,
        AlarmSpecification: policy.alarms?.length ? { Alarms: policy.alarms } : undefined,
      },
    }),
  );
  return answer.InstanceRefreshId!;
}

export async function describeRefresh(clients: CloudClients, groupName: string, refreshId: string): Promise<InstanceRefresh | undefined> {
  const answer = await clients
    .autoscaling()
    .send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName, InstanceRefreshIds: [refreshId] }));
  return answer.InstanceRefreshes?.[0];
}

/**
 * Asks AWS to roll the group's active refresh back. AWS may have started rolling back on its own a
 * moment earlier (AutoRollback on an alarm or failed launches) and then refuses with
 * ActiveInstanceRefreshNotFound: that is the outcome asked for, not an error.
 */
export async function rollbackRefresh(clients: CloudClients, groupName: string): Promise<void> {
  try {
    await clients.autoscaling().send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: groupName }));
  } catch (error) {
    if ((error as Error).name !== "ActiveInstanceRefreshNotFoundFault") throw error;
  }
}

export async function findActiveRefresh(clients: CloudClients, groupName: string): Promise<InstanceRefresh | undefined> {
  const answer = await clients.autoscaling().send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName }));
  return (answer.InstanceRefreshes ?? []).find((refresh) => ACTIVE_STATUSES.has(refresh.Status ?? ""));
}
