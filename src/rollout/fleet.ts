// What the group runs right now: its instances with their addresses, image and launch-template version.

import { DescribeAutoScalingGroupsCommand, type AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import type { CloudClients } from "../cloud/target.js";
import type { InstanceView } from "../engine/events.js";

export interface FleetInstance extends InstanceView {
  imageId?: string;
  launchTemplateVersion?: number;
}

export interface Fleet {
  group: AutoScalingGroup;
  desired: number;
  instances: FleetInstance[];
}

export async function describeGroup(clients: CloudClients, groupName: string): Promise<AutoScalingGroup | undefined> {
  const answer = await clients.autoscaling().send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }));
  return answer.AutoScalingGroups?.[0];
}

export async function describeFleet(
  clients: CloudClients,
  groupName: string,
  versionOfImage: (imageId: string | undefined) => string | undefined,
): Promise<Fleet | undefined> {
  const group = await describeGroup(clients, groupName);
  if (!group) return undefined;
  const members = group.Instances ?? [];
  const details = new Map<string, { ip?: string; imageId?: string }>();
  if (members.length > 0) {
    const answer = await clients.ec2().send(new DescribeInstancesCommand({ InstanceIds: members.map((m) => m.InstanceId!) }));
    for (const reservation of answer.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        details.set(instance.InstanceId!, { ip: instance.PrivateIpAddress ?? instance.PublicIpAddress, imageId: instance.ImageId });
      }
    }
  }
  const instances = members
    .map((member): FleetInstance => {
      const detail = details.get(member.InstanceId!) ?? {};
      const version = member.LaunchTemplate?.Version;
      return {
        id: member.InstanceId!,
        ip: detail.ip,
        imageId: detail.imageId,
        version: versionOfImage(detail.imageId),
        launchTemplateVersion: version && /^\d+$/.test(version) ? Number(version) : undefined,
        lifecycle: member.LifecycleState ?? "unknown",
        health: member.HealthStatus ?? "unknown",
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { group, desired: group.DesiredCapacity ?? 0, instances };
}

export function inService(instance: FleetInstance): boolean {
  return instance.lifecycle === "InService" && instance.health === "Healthy";
}
