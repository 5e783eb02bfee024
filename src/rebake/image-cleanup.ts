// Discarding a rebake's image that changed nothing (or that failed to give its evidence): deregister it and delete its snapshots (a
// deregistered image leaves its snapshots behind, and they cost money).

import { DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand } from "@aws-sdk/client-ec2";
import type { CloudClients } from "../cloud/target.js";
import type { EventSink } from "../engine/events.js";

export async function discardImage(clients: CloudClients, imageId: string, emit: EventSink, signal?: AbortSignal, why = "rebake changed nothing"): Promise<void> {
  const ec2 = clients.ec2();
  const described = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
  const snapshots = (described.Images?.[0]?.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((id): id is string => Boolean(id));
  await ec2.send(new DeregisterImageCommand({ ImageId: imageId }), { abortSignal: signal });
  emit({ type: "resource", action: "deleted", kind: "image", id: imageId, detail: why });
  for (const snapshotId of snapshots) {
    try {
      await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }), { abortSignal: signal });
      emit({ type: "resource", action: "deleted", kind: "snapshot", id: snapshotId });
    } catch (error) {
      emit({ type: "resource", action: "delete-failed", kind: "snapshot", id: snapshotId, detail: (error as Error).message });
    }
  }
}

/** The image's name, for reports ("sandbox-linux-base-2026.11.0 -> …"); undefined when it is gone. */
export async function imageName(clients: CloudClients, imageId: string, signal?: AbortSignal): Promise<string | undefined> {
  const answer = await clients
    .ec2()
    .send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal })
    .catch(() => undefined);
  return answer?.Images?.[0]?.Name;
}
