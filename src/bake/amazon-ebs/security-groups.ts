// Deleting a security group right after its instance terminated can meet DependencyViolation for a
// short while (AWS releases the network interface a little later): that is retried, with backoff.

import { DeleteSecurityGroupCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { sleep } from "../sleep.js";
import { awsErrorCode } from "./aws.js";

const DEPENDENCY_RETRY_MS = 60_000;

/** Deletes the group; a group that is already gone counts as deleted. Throws the SDK error otherwise. */
export async function deleteSecurityGroup(ec2: EC2Client, groupId: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + DEPENDENCY_RETRY_MS;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }), { abortSignal: signal });
      return;
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === "InvalidGroup.NotFound") return;
      if (code === "DependencyViolation" && Date.now() + delay < deadline) {
        await sleep(delay, signal);
        continue;
      }
      throw error;
    }
  }
}
