// Image lookups and removal, shared by the steps that check, replace, create and copy images.

import { DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, type EC2Client, type Image } from "@aws-sdk/client-ec2";
import type { EventSink } from "../../engine/events.js";
import { awsErrorCode, call } from "./aws.js";
import type { CreatedImage } from "./state.js";

export function snapshotIdsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

export async function ownImagesNamed(ec2: EC2Client, name: string, signal: AbortSignal): Promise<Image[]> {
  const result = await call("DescribeImages", () =>
    ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "name", Values: [name] }] }), { abortSignal: signal }),
  );
  return (result.Images ?? []).filter((image) => image.Name === name);
}

/** Deregisters the image, then deletes its snapshots; each removal is reported as it happens. */
export async function removeImage(ec2: EC2Client, image: CreatedImage, emit: EventSink, signal: AbortSignal, region: string): Promise<void> {
  try {
    await call("DeregisterImage", () => ec2.send(new DeregisterImageCommand({ ImageId: image.imageId }), { abortSignal: signal }));
    emit({ type: "resource", action: "deleted", kind: "image", id: image.imageId, detail: region });
  } catch (error) {
    if (awsErrorCode((error as Error).cause) !== "InvalidAMIID.NotFound" && awsErrorCode((error as Error).cause) !== "InvalidAMIID.Unavailable") {
      emit({ type: "resource", action: "delete-failed", kind: "image", id: image.imageId, detail: (error as Error).message });
      throw error;
    }
  }
  const failures: string[] = [];
  for (const snapshotId of image.snapshotIds) {
    try {
      await call("DeleteSnapshot", () => ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }), { abortSignal: signal }));
      emit({ type: "resource", action: "deleted", kind: "snapshot", id: snapshotId, detail: region });
    } catch (error) {
      if (awsErrorCode((error as Error).cause) === "InvalidSnapshot.NotFound") continue;
      emit({ type: "resource", action: "delete-failed", kind: "snapshot", id: snapshotId, detail: (error as Error).message });
      failures.push(snapshotId);
    }
  }
  if (failures.length > 0) throw new Error(`could not delete snapshots ${failures.join(", ")}`);
}
