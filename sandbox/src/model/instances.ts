// Instances: launching (shared by RunInstances and Auto Scaling), the state transitions the API asks
// for, and the time-driven lifecycle that moves them (pending -> running once the runtime booted, etc.).

import { ApiError } from "../wire/errors.js";
import type { Cloud, LiveInstance } from "./cloud.js";
import { newId } from "./ids.js";
import { reconcileImpairment, scheduleImpairment } from "./impairment.js";
import { defaultSubnets, defaultVpc, findSubnet } from "./network.js";
import type { InstanceRecord, InstanceStateName, LaunchTemplateRef, StateReason, Tag } from "./types.js";

export interface LaunchRequest {
  region: string;
  imageId: string;
  instanceType: string;
  keyName?: string;
  securityGroupIds: string[];
  subnetId?: string;
  availabilityZone?: string;
  userData?: string;
  tags: Tag[];
  launchTemplate?: LaunchTemplateRef;
  clientToken?: string;
  count: number;
}

export function validateLaunch(cloud: Cloud, request: LaunchRequest): void {
  const image = cloud.state.images[request.imageId];
  if (!/^ami-[0-9a-f]{8,17}$/.test(request.imageId)) {
    throw new ApiError("InvalidAMIID.Malformed", `Invalid id: "${request.imageId}" (expecting "ami-...")`);
  }
  if (!image || image.region !== request.region || image.state === "deregistered") {
    throw new ApiError("InvalidAMIID.NotFound", `The image id '[${request.imageId}]' does not exist`);
  }
  if (image.state !== "available") {
    throw new ApiError("InvalidAMIID.Unavailable", `The image id '[${request.imageId}]' is not available (state: ${image.state})`);
  }
  if (request.keyName !== undefined) {
    const key = Object.values(cloud.state.keyPairs).find((k) => k.region === request.region && k.name === request.keyName);
    if (!key) throw new ApiError("InvalidKeyPair.NotFound", `The key pair '${request.keyName}' does not exist`);
  }
  for (const groupId of request.securityGroupIds) {
    const group = cloud.state.securityGroups[groupId];
    if (!group || group.region !== request.region) {
      throw new ApiError("InvalidGroup.NotFound", `The security group '${groupId}' does not exist in VPC '${defaultVpc(request.region).id}'`);
    }
  }
  if (request.subnetId !== undefined && !findSubnet(request.region, request.subnetId)) {
    throw new ApiError("InvalidSubnetID.NotFound", `The subnet ID '${request.subnetId}' does not exist`);
  }
  if (request.availabilityZone !== undefined && !defaultSubnets(request.region).some((s) => s.az === request.availabilityZone)) {
    throw new ApiError("InvalidParameterValue", `Invalid availability zone: [${request.availabilityZone}]`);
  }
}

/** Creates `count` pending instances (validated first); the lifecycle boots them. */
export function launchInstances(cloud: Cloud, request: LaunchRequest): InstanceRecord[] {
  validateLaunch(cloud, request);
  const image = cloud.state.images[request.imageId]!;
  const subnets = defaultSubnets(request.region);
  const subnet =
    (request.subnetId && findSubnet(request.region, request.subnetId)) ||
    subnets.find((s) => s.az === request.availabilityZone) ||
    subnets[0]!;
  const defaultGroup = Object.values(cloud.state.securityGroups).find((g) => g.region === request.region && g.name === "default" && g.vpcId === subnet.vpcId);
  const reservationId = newId.reservation();
  const now = cloud.now();
  const created: InstanceRecord[] = [];
  for (let index = 0; index < request.count; index++) {
    const record: InstanceRecord = {
      id: newId.instance(),
      region: request.region,
      reservationId,
      launchIndex: index,
      imageId: image.id,
      instanceType: request.instanceType,
      keyName: request.keyName,
      securityGroupIds: request.securityGroupIds.length > 0 ? [...request.securityGroupIds] : defaultGroup ? [defaultGroup.id] : [],
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      az: subnet.az,
      ip: cloud.allocateIp(),
      userData: request.userData,
      state: "pending",
      stateSince: now,
      stateTransitionReason: "",
      launchTime: now,
      clientToken: request.clientToken,
      tags: request.tags.map((t) => ({ ...t })),
      launchTemplate: request.launchTemplate,
      layers: [...image.layers],
    };
    cloud.state.instances[record.id] = record;
    created.push(record);
  }
  cloud.changed();
  return created;
}

function setState(cloud: Cloud, instance: InstanceRecord, state: InstanceStateName, reason?: StateReason, transition?: string): void {
  instance.state = state;
  instance.stateSince = cloud.now();
  if (reason) instance.stateReason = reason;
  else if (state === "pending" || state === "running") delete instance.stateReason;
  if (transition !== undefined) instance.stateTransitionReason = transition;
  if (state === "terminated") instance.terminatedAt = cloud.now();
  cloud.changed();
}

function transitionTime(cloud: Cloud): string {
  return new Date(cloud.now()).toISOString().replace("T", " ").replace(/\.\d+Z$/, " GMT");
}

export function stopInstance(cloud: Cloud, instance: InstanceRecord): void {
  if (instance.state === "stopped" || instance.state === "stopping") return;
  if (instance.state !== "running") {
    throw new ApiError("IncorrectInstanceState", `This instance '${instance.id}' is not in a state from which it can be stopped.`);
  }
  setState(cloud, instance, "stopping", { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" }, `User initiated (${transitionTime(cloud)})`);
}

export function startInstance(cloud: Cloud, instance: InstanceRecord): void {
  if (instance.state === "running" || instance.state === "pending") return;
  if (instance.state !== "stopped") {
    throw new ApiError("IncorrectInstanceState", `The instance '${instance.id}' is not in a state from which it can be started.`);
  }
  const live = cloud.liveOf(instance.id);
  delete live.bootError;
  delete live.stopping;
  delete live.stopDone;
  setState(cloud, instance, "pending", undefined, "");
}

export function terminateInstance(cloud: Cloud, instance: InstanceRecord, initiatedBy = "User initiated"): void {
  if (instance.state === "terminated" || instance.state === "shutting-down") return;
  const live = cloud.liveOf(instance.id);
  delete live.stopping;
  delete live.stopDone;
  setState(cloud, instance, "shutting-down", { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" }, `${initiatedBy} (${transitionTime(cloud)})`);
}

function decodeUserData(userData: string | undefined): string | undefined {
  if (userData === undefined) return undefined;
  return Buffer.from(userData, "base64").toString("utf8");
}

function startBoot(cloud: Cloud, instance: InstanceRecord, live: LiveInstance): void {
  if (cloud.faults.bootFails()) {
    // Fault `bootFailureRate`: the launch fails as it does on AWS (terminated, Server.InternalError).
    live.bootError = "boot failure fault";
    return;
  }
  const key = instance.keyName
    ? Object.values(cloud.state.keyPairs).find((k) => k.region === instance.region && k.name === instance.keyName)
    : undefined;
  const boot = cloud.runtime.boot({
    instanceId: instance.id,
    ip: instance.ip,
    hostname: `ip-${instance.ip.replaceAll(".", "-")}`,
    layers: instance.layers,
    authorizedKeys: key ? [key.publicKey] : [],
    userData: decodeUserData(instance.userData),
    ...(instance.adminUser ? { adminUser: instance.adminUser } : {}),
    sshPort: 22,
    sshRefuseMs: cloud.faults.sshRefuseMs || undefined,
  });
  const token = {};
  live.bootToken = token;
  live.booting = boot.then(
    (handle) => {
      if (cloud.live.get(instance.id) !== live || live.bootToken !== token) {
        // The instance was stopped or terminated (or the sandbox closed) while it booted.
        return handle.stop().catch(() => undefined);
      }
      live.handle = handle;
      handle.onExit((exit) => {
        if (live.handle !== handle) return;
        instance.consoleOutput = safeConsole(handle);
        live.handle = undefined;
        if (exit.reason === "crashed" && (instance.state === "running" || instance.state === "pending")) {
          setState(cloud, instance, "stopped", {
            code: "Client.InstanceInitiatedShutdown",
            message: "Client.InstanceInitiatedShutdown: Instance initiated shutdown",
          }, `Instance initiated shutdown (${exit.detail ?? "init exited"})`);
          cloud.log(`instance ${instance.id} stopped on its own: ${exit.detail ?? "init exited"}`);
        }
      });
    },
    (error: unknown) => {
      if (live.bootToken !== token) return;
      live.bootError = error instanceof Error ? error.message : String(error);
    },
  );
}

function safeConsole(handle: { consoleOutput(): string }): string {
  try {
    return handle.consoleOutput();
  } catch {
    return "";
  }
}

export function consoleOutputOf(cloud: Cloud, instance: InstanceRecord): string {
  const handle = cloud.live.get(instance.id)?.handle;
  if (handle) instance.consoleOutput = safeConsole(handle);
  return instance.consoleOutput ?? "";
}

function releaseProcess(cloud: Cloud, instance: InstanceRecord, live: LiveInstance): void {
  if (live.stopping) return;
  const handle = live.handle;
  const booting = live.booting;
  live.handle = undefined;
  live.booting = undefined;
  live.bootToken = undefined;
  if (handle) instance.consoleOutput = safeConsole(handle);
  live.stopping = (async () => {
    if (handle) await handle.stop();
    else if (booting) await booting.catch(() => undefined); // the boot callback stops a late handle
  })()
    .catch((error: unknown) => cloud.log(`stopping ${instance.id} failed: ${String(error)}`))
    .finally(() => {
      live.stopDone = true;
    });
}

/** One lifecycle step for every instance. */
export function reconcileInstances(cloud: Cloud): void {
  const now = cloud.now();
  const t = cloud.timing;
  for (const instance of Object.values(cloud.state.instances)) {
    const live = cloud.liveOf(instance.id);
    switch (instance.state) {
      case "pending": {
        if (live.bootError !== undefined) {
          const detail = live.bootError;
          live.bootError = undefined;
          live.booting = undefined;
          setState(cloud, instance, "terminated", { code: "Server.InternalError", message: `Server.InternalError: Internal error on launch (${detail})` }, "Server.InternalError");
          cloud.log(`instance ${instance.id} failed to boot: ${detail}`);
          void cloud.runtime.destroy(instance.id).catch(() => undefined);
        } else if (!live.booting && !live.handle) {
          startBoot(cloud, instance, live);
        } else if (live.handle && now - instance.stateSince >= t.instancePendingMs) {
          setState(cloud, instance, "running");
          scheduleImpairment(cloud, instance);
        }
        break;
      }
      case "running":
        reconcileImpairment(cloud, instance, live);
        break;
      case "stopping": {
        releaseProcess(cloud, instance, live);
        if (live.stopDone && now - instance.stateSince >= t.instanceStoppingMs) {
          live.stopping = undefined;
          live.stopDone = undefined;
          setState(cloud, instance, "stopped");
        }
        break;
      }
      case "shutting-down": {
        releaseProcess(cloud, instance, live);
        if (live.stopDone && !live.destroying) {
          live.destroying = true;
          void cloud.runtime
            .destroy(instance.id)
            .catch((error: unknown) => cloud.log(`destroying ${instance.id} failed: ${String(error)}`));
        }
        if (live.stopDone && now - instance.stateSince >= t.instanceShuttingDownMs) {
          setState(cloud, instance, "terminated", { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" });
          cloud.live.delete(instance.id);
        }
        break;
      }
      case "terminated": {
        if (now - (instance.terminatedAt ?? instance.stateSince) >= t.terminatedVisibleMs) {
          delete cloud.state.instances[instance.id];
          cloud.live.delete(instance.id);
          cloud.changed();
        }
        break;
      }
      default:
        break;
    }
  }
}

/** After a restart: running instances boot again (a restart is a reboot), half-done transitions finish. */
export function recoverInstances(cloud: Cloud): void {
  for (const instance of Object.values(cloud.state.instances)) {
    if (instance.state === "running") instance.state = "pending";
    if (instance.state === "pending") instance.stateSince = cloud.now();
    if (instance.state === "stopping") instance.state = "stopped";
    if (instance.state === "shutting-down") {
      instance.state = "terminated";
      instance.terminatedAt = cloud.now();
      void cloud.runtime.destroy(instance.id).catch(() => undefined);
    }
  }
  cloud.changed();
}
