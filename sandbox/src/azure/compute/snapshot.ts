// Capturing a VM's disk: the runtime copies the instance's writable layer into a new layer directory
// whose parents are the VM's image layers (as CreateImage does on the AWS face). The record stays
// Creating until the copy is done, then Succeeded with its layers; Failed if the copy fails.

import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { AzureFace } from "../context.js";
import type { ResourceRecord } from "../state.js";

export function captureVm(face: AzureFace, vm: ResourceRecord, target: ResourceRecord): void {
  const layerDir = join(face.cloud.dataDir, "layers", `az-${randomUUID()}`);
  const parents = (vm.internal.layers as string[] | undefined) ?? [];
  target.internal.layerDir = layerDir;
  face.cloud.runtime.snapshot(String(vm.internal.instanceId), layerDir).then(
    () => {
      const current = face.resource(target.id);
      if (!current) return;
      current.internal.layers = [layerDir, ...parents];
      current.internal.captured = true;
      face.changed();
    },
    (error: unknown) => {
      const current = face.resource(target.id);
      if (!current) return;
      current.properties.provisioningState = "Failed";
      current.internal.provisioningError = { code: "InternalOperationError", message: `Capturing the VM's disk failed: ${error instanceof Error ? error.message : String(error)}` };
      face.changed();
    },
  );
}
