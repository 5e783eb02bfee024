// The builder instance: launched from the source image with the temporary key and group, tagged so
// a later `roll gc` can find it, then followed until it runs. Always terminated at the end.

import { RunInstancesCommand, type Instance } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import { toBlockDeviceMappings } from "./block-devices.js";
import { describeInstance, stateReason, terminateAndWait } from "./instances.js";
import type { EbsState } from "./state.js";
import { tagSpec, temporaryTags } from "./tags.js";
import { waitFor } from "./wait.js";

const RUNNING_TIMEOUT_MS = 10 * 60_000;

function sshAddress(state: EbsState, instance: Instance): string | undefined {
  switch (state.config.sshInterface) {
    case "private_ip":
      return instance.PrivateIpAddress;
    case "public_dns":
      return instance.PublicDnsName || undefined;
    case "private_dns":
      return instance.PrivateDnsName || undefined;
    case "public_ip":
      return instance.PublicIpAddress;
    default:
      // Packer's default: the public address when there is one, else the private one.
      return instance.PublicIpAddress || instance.PrivateIpAddress;
  }
}

export const runInstance: Step<EbsState> = {
  name: "run-instance",
  async run(state, { signal, emit }) {
    const { config } = state;
    const instanceTags = temporaryTags(state.bakeId, state.app, { ...config.runTags, Name: `roll builder ${state.app}` });
    const result = await call("RunInstances", () =>
      state.ec2.send(
        new RunInstancesCommand({
          ImageId: state.sourceImageId,
          InstanceType: config.instanceType as never,
          MinCount: 1,
          MaxCount: 1,
          ...(state.keyPairName ? { KeyName: state.keyPairName } : {}),
          ...(config.subnetId || config.associatePublicIpAddress !== undefined
            ? {
                NetworkInterfaces: [
                  {
                    DeviceIndex: 0,
                    ...(config.subnetId ? { SubnetId: config.subnetId } : {}),
                    ...(config.associatePublicIpAddress !== undefined ? { AssociatePublicIpAddress: config.associatePublicIpAddress } : {}),
                    Groups: state.securityGroupIds,
                  },
                ],
              }
            : { SecurityGroupIds: state.securityGroupIds }),
          ...(config.launchBlockDevices.length > 0 ? { BlockDeviceMappings: toBlockDeviceMappings(config.launchBlockDevices) } : {}),
          ...(config.iamInstanceProfile
            ? { IamInstanceProfile: config.iamInstanceProfile.startsWith("arn:") ? { Arn: config.iamInstanceProfile } : { Name: config.iamInstanceProfile } }
            : {}),
          // "auto" leaves MaxPrice out: AWS then caps the spot price at the on-demand price.
          ...(config.spotPrice
            ? { InstanceMarketOptions: { MarketType: "spot" as const, SpotOptions: { ...(config.spotPrice !== "auto" ? { MaxPrice: config.spotPrice } : {}), SpotInstanceType: "one-time" as const } } }
            : {}),
          ...(config.userData ? { UserData: Buffer.from(config.userData).toString("base64") } : {}),
          TagSpecifications: [tagSpec("instance", instanceTags), tagSpec("volume", temporaryTags(state.bakeId, state.app, config.runTags))],
        }),
        { abortSignal: signal },
      ),
    );
    const instanceId = result.Instances?.[0]?.InstanceId;
    if (!instanceId) throw new RollError("cloud-error", "RunInstances returned no instance", { fault: "external" });
    state.instanceId = instanceId;
    emit({ type: "resource", action: "created", kind: "instance", id: instanceId, detail: config.instanceType });

    const running = await waitFor<Instance>(
      async () => {
        const instance = await describeInstance(state.ec2, instanceId, signal);
        const name = instance?.State?.Name ?? "pending";
        if (instance && name === "running") return { done: true, value: instance };
        if (instance && name !== "pending") {
          throw new RollError("instance-failed", `builder instance ${instanceId} is ${name} instead of running: ${stateReason(instance)}`, { fault: "external" });
        }
        return { done: false, status: name };
      },
      { what: `instance ${instanceId} to be running`, signal, polling: config.polling, timeoutMs: RUNNING_TIMEOUT_MS },
    );
    state.sshDeadline = Date.now() + config.sshTimeoutMs;
    state.sshHost = sshAddress(state, running);
    if (config.communicator === "ssh" && !state.sshHost) {
      throw new RollError("no-ssh-address", `builder instance ${instanceId} has no ${config.sshInterface ?? "IP"} address to connect to`, { fault: "external" });
    }
    emit({ type: "log", level: "info", message: `builder instance ${instanceId} is running${state.sshHost ? ` at ${state.sshHost}` : ""}` });
  },
  async cleanup(state, { signal, emit }) {
    const instanceId = state.instanceId;
    if (!instanceId || state.instanceTerminated) return;
    try {
      await terminateAndWait(state.ec2, instanceId, signal, state.config.polling);
    } catch (error) {
      emit({ type: "resource", action: "delete-failed", kind: "instance", id: instanceId, detail: (error as Error).message });
      throw error;
    }
    state.instanceTerminated = true;
    emit({ type: "resource", action: "deleted", kind: "instance", id: instanceId });
  },
};
