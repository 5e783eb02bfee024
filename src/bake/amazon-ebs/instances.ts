// Reading an instance's state, for the waits that follow it (running, stopped, terminated).

import { DescribeInstancesCommand, TerminateInstancesCommand, type EC2Client, type Instance } from "@aws-sdk/client-ec2";
import { awsErrorCode, call, cloudError } from "./aws.js";
import type { Polling } from "./config.js";
import { waitFor } from "./wait.js";

const TERMINATED_TIMEOUT_MS = 10 * 60_000;

/** The instance, or undefined when the cloud no longer knows it (as good as terminated). */
export async function describeInstance(ec2: EC2Client, instanceId: string, signal: AbortSignal): Promise<Instance | undefined> {
  try {
    const result = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal });
    return result.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === instanceId);
  } catch (error) {
    if (awsErrorCode(error) === "InvalidInstanceID.NotFound") return undefined;
    throw cloudError("DescribeInstances", error);
  }
}

export function stateReason(instance: Instance): string {
  return instance.StateReason?.Message ?? instance.StateTransitionReason ?? "no reason given";
}

/** Terminates the instance and follows it until it is terminated (or unknown to the cloud). */
export async function terminateAndWait(ec2: EC2Client, instanceId: string, signal: AbortSignal, polling?: Polling): Promise<void> {
  try {
    await call("TerminateInstances", () => ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal }));
  } catch (error) {
    if (awsErrorCode((error as Error).cause) === "InvalidInstanceID.NotFound") return;
    throw error;
  }
  await waitFor(
    async () => {
      const instance = await describeInstance(ec2, instanceId, signal);
      const name = instance?.State?.Name ?? "terminated";
      return name === "terminated" ? { done: true, value: undefined } : { done: false, status: name };
    },
    { what: `instance ${instanceId} to terminate`, signal, polling, timeoutMs: TERMINATED_TIMEOUT_MS },
  );
}
