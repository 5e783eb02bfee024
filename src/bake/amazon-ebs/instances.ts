// Reading an instance's state, for the waits that follow it (running, stopped, terminated).

import { DescribeInstancesCommand, type EC2Client, type Instance } from "@aws-sdk/client-ec2";
import { awsErrorCode, cloudError } from "./aws.js";

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
