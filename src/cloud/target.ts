// Where roll's AWS calls go: the embedded sandbox, or a real account (credentials and region from the
// usual AWS environment). Every SDK client is made here, with adaptive retries.

import type { EC2Client } from "@aws-sdk/client-ec2";
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { S3Client } from "@aws-sdk/client-s3";
import { createRequire } from "node:module";
import type { AzureClients } from "./azure/clients.js";

// Each SDK package is loaded when its first client is made, not when this module is: the EC2 package
// alone takes a large part of a second to load, and `roll status` never needs S3, CloudWatch or ELB.
// The packages are CommonJS (no "exports" map), so `require` here and `import` elsewhere share one copy.
const require = createRequire(import.meta.url);
const sdk = {
  ec2: () => require("@aws-sdk/client-ec2") as typeof import("@aws-sdk/client-ec2"),
  autoscaling: () => require("@aws-sdk/client-auto-scaling") as typeof import("@aws-sdk/client-auto-scaling"),
  cloudwatch: () => require("@aws-sdk/client-cloudwatch") as typeof import("@aws-sdk/client-cloudwatch"),
  elbv2: () => require("@aws-sdk/client-elastic-load-balancing-v2") as typeof import("@aws-sdk/client-elastic-load-balancing-v2"),
  s3: () => require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3"),
};

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
  elbv2(region?: string): ElasticLoadBalancingV2Client;
  cloudwatch(region?: string): CloudWatchClient;
  s3(region?: string): S3Client;
  /** The target's Azure side (the sandbox's Azure face, or a subscription from AZURE_*), when it has one. */
  azure?: () => AzureClients;
}

export const SANDBOX_CREDENTIALS = { accessKeyId: "roll-sandbox", secretAccessKey: "roll-sandbox" };

/** The configuration every SDK client of this target gets (endpoint and credentials for the sandbox). */
export function clientConfig(target: CloudTarget, region: string) {
  return {
    region,
    retryMode: "adaptive" as const,
    maxAttempts: 8,
    ...(target.endpoint ? { endpoint: target.endpoint, credentials: SANDBOX_CREDENTIALS } : {}),
  };
}

/** One client per service and region, made on first use. */
function perRegion<C>(make: (region: string) => C): (region: string) => C {
  const clients = new Map<string, C>();
  return (region) => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = make(region)));
    return client;
  };
}

export function cloudClients(target: CloudTarget): CloudClients {
  const ec2 = perRegion((region) => new (sdk.ec2().EC2Client)(clientConfig(target, region)));
  const autoscaling = perRegion((region) => new (sdk.autoscaling().AutoScalingClient)(clientConfig(target, region)));
  const elbv2 = perRegion((region) => new (sdk.elbv2().ElasticLoadBalancingV2Client)(clientConfig(target, region)));
  const cloudwatch = perRegion((region) => new (sdk.cloudwatch().CloudWatchClient)(clientConfig(target, region)));
  // The sandbox serves S3 path-style on its one endpoint (no bucket subdomains on 127.0.0.1).
  const s3 = perRegion((region) => new (sdk.s3().S3Client)({ ...clientConfig(target, region), forcePathStyle: Boolean(target.endpoint) }));
  return {
    target,
    ec2: (region = target.region) => ec2(region),
    autoscaling: (region = target.region) => autoscaling(region),
    elbv2: (region = target.region) => elbv2(region),
    cloudwatch: (region = target.region) => cloudwatch(region),
    s3: (region = target.region) => s3(region),
  };
}
