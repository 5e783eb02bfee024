// What a ScaleSetService is made of, and the checks run on it before anything is synthesized: a
// mistake here would otherwise surface minutes later as an ARM validation error in the middle of a deploy.

import { userError } from "../../engine/errors.js";
import type { StackInputs } from "../app.js";

/**
 * Azure's rolling-upgrade policy (upgradePolicy.rollingUpgradePolicy), in roll's words. The same object
 * usually goes into the app's rollout policy, so the scale set and roll's watcher agree on it.
 */
export interface RollingUpgradeSettings {
  /** Share of the instances replaced in one batch; default 20. */
  maxBatchInstancePercent?: number;
  /** The upgrade stops when more than this share of all instances is unhealthy; default 20. */
  maxUnhealthyInstancePercent?: number;
  /** The upgrade stops when more than this share of upgraded instances is unhealthy; default 20. */
  maxUnhealthyUpgradedInstancePercent?: number;
  /** Seconds between two batches (written as an ISO 8601 duration); default 0. */
  pauseTimeBetweenBatchesSeconds?: number;
  /** Replace unhealthy instances first; default false. */
  prioritizeUnhealthyInstances?: boolean;
  /** Create new instances before removing old ones (Azure's maxSurge); default false. */
  maxSurge?: boolean;
}

/** How Azure learns whether an instance is healthy, which Rolling mode requires. */
export type ScaleSetHealth =
  | { kind: "extension"; protocol?: "http" | "https" | "tcp"; port: number; requestPath?: string; intervalSeconds?: number; numberOfProbes?: number; gracePeriodSeconds?: number }
  | { kind: "load-balancer"; port: number; requestPath: string; frontendPort?: number; intervalSeconds?: number; numberOfProbes?: number };

export interface ScaleSetServiceProps {
  /** The deploy's inputs: app name (names and the `roll:app` tag), location (`region`), gallery image version id (`imageId`). */
  inputs: StackInputs;
  /** e.g. "Standard_B1s". */
  vmSize: string;
  instances: number;
  /** The OS user and its SSH public key (Azure's Linux scale sets require one when passwords are off). */
  adminUsername?: string;
  adminSshPublicKey: string;
  /** Plain text; encoded to base64 here, as ARM requires (`customData`). */
  customData?: string;
  /** Address space of the app's virtual network and its one subnet; defaults 10.0.0.0/16 and 10.0.1.0/24. */
  addressSpace?: string;
  subnetPrefix?: string;
  rollingUpgrade?: RollingUpgradeSettings;
  health: ScaleSetHealth;
  /** Extra tags for every resource of the stack. */
  tags?: Record<string, string>;
}

const PERCENT_FIELDS = ["maxBatchInstancePercent", "maxUnhealthyInstancePercent", "maxUnhealthyUpgradedInstancePercent"] as const;

export function validateScaleSetProps(props: ScaleSetServiceProps): void {
  const { inputs } = props;
  const fail = (field: string, message: string): never => {
    throw userError("invalid-stack", `ScaleSetService: ${message}`, { file: `stacks/${inputs.app}.ts`, field });
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,50}$/.test(inputs.app)) {
    fail("app", `app name must be letters, digits and dashes (at most 51), got ${JSON.stringify(inputs.app)}`);
  }
  if (!inputs.region) fail("region", "the location (inputs.region) is empty");
  if (!inputs.imageId) fail("imageId", "imageId (a gallery image version id) is empty");
  if (!props.vmSize) fail("vmSize", "vmSize is empty");
  if (!Number.isInteger(props.instances) || props.instances < 0 || props.instances > 1000) {
    fail("instances", `instances must be a whole number 0..1000, got ${props.instances}`);
  }
  if (!/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) \S+/.test(props.adminSshPublicKey ?? "")) {
    fail("adminSshPublicKey", "adminSshPublicKey must be an OpenSSH public key line (ssh-ed25519 AAAA…)");
  }
  const policy = props.rollingUpgrade ?? {};
  for (const field of PERCENT_FIELDS) {
    const value = policy[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 5 || value > 100)) {
      fail(`rollingUpgrade.${field}`, `rollingUpgrade.${field} must be a whole number 5..100 (Azure's range), got ${value}`);
    }
  }
  const pause = policy.pauseTimeBetweenBatchesSeconds;
  if (pause !== undefined && (!Number.isInteger(pause) || pause < 0 || pause > 3600)) {
    fail("rollingUpgrade.pauseTimeBetweenBatchesSeconds", `pauseTimeBetweenBatchesSeconds must be a whole number 0..3600, got ${pause}`);
  }
  const port = props.health?.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail("health.port", `health.port must be a port number, got ${port}`);
  if (props.health.kind === "load-balancer" && !props.health.requestPath?.startsWith("/")) {
    fail("health.requestPath", `health.requestPath must start with "/", got ${JSON.stringify(props.health.requestPath)}`);
  }
}

/** "PT1M30S" from 90: the ISO 8601 duration ARM expects for pauseTimeBetweenBatches. */
export function isoDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (seconds === 0) return "PT0S";
  return `PT${minutes > 0 ? `${minutes}M` : ""}${rest > 0 ? `${rest}S` : ""}`;
}
