// Removing what dead bakes left, completely and in dependency order: instances are terminated and
// followed until they are gone (a security group cannot go while an instance uses it), then images
// with their snapshots, lone snapshots, security groups, key pairs. Each removal is reported as it
// happens; one failure does not stop the others, and everything that failed is returned.

import { DeleteKeyPairCommand, DeleteSnapshotCommand } from "@aws-sdk/client-ec2";
import type { CloudClients } from "../../cloud/target.js";
import type { EventSink } from "../../engine/events.js";
import { awsErrorCode, call } from "../amazon-ebs/aws.js";
import { removeImage } from "../amazon-ebs/images.js";
import { terminateAndWait } from "../amazon-ebs/instances.js";
import { deleteSecurityGroup } from "../amazon-ebs/security-groups.js";
import type { BakeResource, LeftoverKind } from "./find.js";

export interface RemovalReport {
  removed: BakeResource[];
  failed: Array<{ resource: BakeResource; error: string }>;
}

const ORDER: LeftoverKind[] = ["instance", "image", "snapshot", "security-group", "key-pair"];

async function removeOne(clients: CloudClients, resource: BakeResource, signal: AbortSignal, emit: EventSink): Promise<void> {
  const ec2 = clients.ec2(resource.region);
  switch (resource.kind) {
    case "instance":
      await terminateAndWait(ec2, resource.id, signal);
      emit({ type: "resource", action: "deleted", kind: "instance", id: resource.id, detail: resource.region });
      return;
    case "image":
      // removeImage reports the image and each snapshot itself.
      await removeImage(ec2, { imageId: resource.id, snapshotIds: resource.snapshotIds ?? [] }, emit, signal, resource.region);
      return;
    case "snapshot":
      try {
        await call("DeleteSnapshot", () => ec2.send(new DeleteSnapshotCommand({ SnapshotId: resource.id }), { abortSignal: signal }));
      } catch (error) {
        if (awsErrorCode((error as Error).cause) !== "InvalidSnapshot.NotFound") throw error;
      }
      emit({ type: "resource", action: "deleted", kind: "snapshot", id: resource.id, detail: resource.region });
      return;
    case "security-group":
      await call("DeleteSecurityGroup", () => deleteSecurityGroup(ec2, resource.id, signal));
      emit({ type: "resource", action: "deleted", kind: "security-group", id: resource.id, detail: resource.region });
      return;
    case "key-pair":
      await call("DeleteKeyPair", () => ec2.send(new DeleteKeyPairCommand({ KeyName: resource.id }), { abortSignal: signal }));
      emit({ type: "resource", action: "deleted", kind: "key-pair", id: resource.id, detail: resource.region });
      return;
  }
}

export async function removeBakeResources(clients: CloudClients, resources: BakeResource[], options: { signal: AbortSignal; emit: EventSink }): Promise<RemovalReport> {
  const report: RemovalReport = { removed: [], failed: [] };
  for (const kind of ORDER) {
    // Resources of one kind go at once: terminating ten instances takes as long as one.
    await Promise.all(
      resources
        .filter((resource) => resource.kind === kind)
        .map(async (resource) => {
          try {
            await removeOne(clients, resource, options.signal, options.emit);
            report.removed.push(resource);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (resource.kind !== "image") options.emit({ type: "resource", action: "delete-failed", kind: resource.kind, id: resource.id, detail: message });
            report.failed.push({ resource, error: message });
          }
        }),
    );
  }
  return report;
}
