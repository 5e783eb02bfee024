// The typed state the amazon-ebs steps share (Packer's state bag, with names and types). A step
// records what it created as soon as the cloud has answered, so its cleanup can undo exactly that.

import type { EC2Client } from "@aws-sdk/client-ec2";
import type { CloudClients } from "../../cloud/target.js";
import type { Redactor } from "../../engine/redact.js";
import type { RemoteSession } from "../communicator/session.js";
import type { PreparedPostProcessor } from "../post-processors/index.js";
import type { PreparedProvisioner } from "../provisioners/prepare.js";
import type { EbsConfig } from "./config.js";

export interface CreatedImage {
  imageId: string;
  snapshotIds: string[];
}

export interface EbsState {
  config: EbsConfig;
  clients: CloudClients;
  region: string;
  ec2: EC2Client;
  bakeId: string;
  app: string;
  imageTags: Record<string, string>;
  provisioners: PreparedProvisioner[];
  postProcessors: PreparedPostProcessor[];
  /** error-cleanup-provisioner: run when a provisioner fails, before the steps' cleanups. */
  errorCleanup?: PreparedProvisioner;
  /** Packer's packer_run_uuid for this bake. */
  runUuid: string;
  /** Unix seconds at which the bake started (the manifest's build_time). */
  buildTime: number;
  templateRoot: string;
  redact: Redactor;
  confirm?: (message: string) => Promise<boolean>;

  sourceImageId?: string;
  /** Name of the temporary key pair this bake created (absent when the user brought one). */
  createdKeyPairName?: string;
  keyPairName?: string;
  /** In memory only: never written to disk, never put in an event. */
  privateKey?: string;
  createdSecurityGroupId?: string;
  securityGroupIds?: string[];
  instanceId?: string;
  /** True once the instance was seen terminated (cleanup may run twice). */
  instanceTerminated?: boolean;
  sshHost?: string;
  hostKeyFingerprints?: string[];
  /** When SSH must be up by: ssh_timeout counts from the moment the instance runs. */
  sshDeadline?: number;
  session?: RemoteSession;
  image?: CreatedImage;
  copies: Record<string, CreatedImage>;
  durationMs: Record<string, number>;
}
