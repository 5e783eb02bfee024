// Azure VMs and scale-set instances run on the sandbox's shared instance model: each is an
// InstanceRecord under its Azure location (so the AWS face, which lists by region, never shows it),
// booted by the same runtime and reconcile loop (boot failures and status faults apply alike). The
// admin user's SSH public key is kept as the instance's key pair record; customData is its user data.

import { randomBytes } from "node:crypto";
import type { AzureFace } from "../context.js";
import type { InstanceRecord } from "../../model/types.js";
import { newId } from "../../model/ids.js";
import { invalidParameter } from "../wire.js";

export interface AzureLaunch {
  location: string;
  vmSize: string;
  layers: string[];
  imageLabel: string;
  publicKeys: string[];
  /** base64, as sent. */
  customData?: string;
  hostname: string;
  /** osProfile.adminUsername: the account the provisioning agent creates with the SSH keys and sudo. */
  adminUser?: string;
  /** Keep this private address (a reimaged scale-set instance keeps its own). */
  ip?: string;
}

export function launchAzureInstance(face: AzureFace, launch: AzureLaunch): InstanceRecord {
  const cloud = face.cloud;
  const id = newId.instance();
  let keyName: string | undefined;
  if (launch.publicKeys.length > 0) {
    keyName = `azure-${id}`;
    const keyId = `key-${randomBytes(8).toString("hex")}`;
    cloud.state.keyPairs[keyId] = { id: keyId, region: launch.location, name: keyName, type: launch.publicKeys[0]!.startsWith("ssh-ed25519") ? "ed25519" : "rsa", fingerprint: "", publicKey: launch.publicKeys[0]!.trim(), createTime: cloud.now(), tags: [] };
  }
  const now = cloud.now();
  const record: InstanceRecord = {
    id,
    region: launch.location,
    reservationId: newId.reservation(),
    launchIndex: 0,
    imageId: launch.imageLabel,
    instanceType: launch.vmSize,
    ...(keyName ? { keyName } : {}),
    securityGroupIds: [],
    subnetId: "",
    vpcId: "",
    az: `${launch.location}-1`,
    ip: launch.ip ?? cloud.allocateIp(),
    ...(launch.customData ? { userData: launch.customData } : {}),
    state: "pending",
    stateSince: now,
    stateTransitionReason: "",
    launchTime: now,
    tags: [],
    layers: [...launch.layers],
    ...(launch.adminUser ? { adminUser: launch.adminUser } : {}),
  };
  cloud.state.instances[id] = record;
  cloud.changed();
  return record;
}

/** Forgets the instance's key pair once the instance is gone. */
export function forgetInstanceKey(face: AzureFace, instanceId: string): void {
  for (const [id, key] of Object.entries(face.cloud.state.keyPairs)) {
    if (key.name === `azure-${instanceId}`) delete face.cloud.state.keyPairs[id];
  }
}

export function publicKeysOf(osProfile: Record<string, unknown>): string[] {
  const linux = (osProfile.linuxConfiguration ?? {}) as { ssh?: { publicKeys?: Array<{ keyData?: string; path?: string }> }; disablePasswordAuthentication?: boolean };
  const keys = linux.ssh?.publicKeys ?? [];
  for (const [index, key] of keys.entries()) {
    if (typeof key.keyData !== "string" || !/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-\S+) [A-Za-z0-9+/=]+/.test(key.keyData.trim())) {
      throw invalidParameter(`The value of parameter linuxConfiguration.ssh.publicKeys[${index}].keyData is invalid.`, `linuxConfiguration.ssh.publicKeys.keyData`);
    }
  }
  return keys.map((k) => k.keyData!.trim());
}

export function validateCustomData(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw invalidParameter("Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters.", "customData");
  if (value.length > 87380) throw invalidParameter("Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters.", "customData");
  return value;
}

export type PowerState = "starting" | "running" | "stopping" | "stopped" | "deallocating" | "deallocated" | "unknown";

export function powerStateOf(instance: InstanceRecord | undefined, deallocated: boolean): PowerState {
  if (!instance) return deallocated ? "deallocated" : "unknown";
  switch (instance.state) {
    case "pending":
      return "starting";
    case "running":
      return "running";
    case "stopping":
      return deallocated ? "deallocating" : "stopping";
    case "stopped":
      return deallocated ? "deallocated" : "stopped";
    case "shutting-down":
      return "deallocating";
    default:
      return "deallocated";
  }
}

const POWER_DISPLAY: Record<PowerState, string> = {
  starting: "VM starting",
  running: "VM running",
  stopping: "VM stopping",
  stopped: "VM stopped",
  deallocating: "VM deallocating",
  deallocated: "VM deallocated",
  unknown: "VM status unknown",
};

export function statusList(provisioningState: string, power: PowerState, time: number, extra: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  const lower = provisioningState.toLowerCase();
  return [
    { code: `ProvisioningState/${lower}`, level: lower === "failed" ? "Error" : "Info", displayStatus: `Provisioning ${lower === "succeeded" ? "succeeded" : lower === "failed" ? "failed" : "in progress"}`, time: new Date(time).toISOString() },
    ...(power === "unknown" ? [] : [{ code: `PowerState/${power}`, level: "Info", displayStatus: POWER_DISPLAY[power] }]),
    ...extra,
  ];
}
