// Where roll's AWS calls go: the embedded sandbox, or a real account (credentials and region from the
// usual AWS environment). Every SDK client is made here, with adaptive retries.

import { EC2Client } from "@aws-sdk/client-ec2";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";

export interface CloudTarget {
  kind: "sandbox" | "aws";
  region: string;
  /** The sandbox's endpoint (http://127.0.0.1:port); absent for AWS. */
  endpoint?: string;
}

export interface CloudClients {
  target: CloudTarget;
  ec2(region?: string): EC2Client;
  autoscaling(region?: string): AutoScalingClient;
}

export const SANDBOX_CREDENTIALS = { accessKeyId: "roll-sandbox", secretAccessKey: "roll-sandbox" };

function clientConfig(target: CloudTarget, region: string) {
  return {
    region,
    retryMode: "adaptive" as const,
    maxAttempts: 8,
    ...(target.endpoint ? { endpoint: target.endpoint, credentials: SANDBOX_CREDENTIALS } : {}),
  };
}

export function cloudClients(target: CloudTarget): CloudClients {
  const ec2 = new Map<string, EC2Client>();
  const asg = new Map<string, AutoScalingClient>();
  return {
    target,
    ec2(region = target.region) {
      let client = ec2.get(region);
      if (!client) ec2.set(region, (client = new EC2Client(clientConfig(target, region))));
      return client;
    },
    autoscaling(region = target.region) {
      let client = asg.get(region);
      if (!client) asg.set(region, (client = new AutoScalingClient(clientConfig(target, region))));
      return client;
    },
  };
}
