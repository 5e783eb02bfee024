// Microsoft.Compute/images: a managed image captured from a generalized VM (sourceVirtualMachine), or
// copied from another managed image's storage; Creating until the disk copy is done.

import { registerType } from "../resource-types.js";
import { ArmError, invalidParameter } from "../wire.js";
import { captureVm } from "./snapshot.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

registerType({
  type: "Microsoft.Compute/images",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body, existing }) {
    const properties = obj(body.properties);
    if (existing) return;
    const sourceId = obj(properties.sourceVirtualMachine).id;
    if (typeof sourceId !== "string") throw invalidParameter("Required parameter 'sourceVirtualMachine' is missing (null).", "sourceVirtualMachine");
    const vm = ctx.face.resource(sourceId);
    if (!vm || vm.type !== "Microsoft.Compute/virtualMachines") throw new ArmError("NotFound", `The Resource '${sourceId}' was not found.`, 404, {}, "sourceVirtualMachine");
    if (!vm.internal.generalized) {
      throw new ArmError("OperationNotAllowed", `The operation 'Create Image' is not allowed on VM '${vm.name}' since the VM is not generalized.`, 409);
    }
    const osDisk = obj(obj(vm.properties.storageProfile).osDisk);
    record.properties = {
      sourceVirtualMachine: { id: vm.id },
      storageProfile: {
        osDisk: { osType: "Linux", osState: "Generalized", diskSizeGB: osDisk.diskSizeGB ?? 30, managedDisk: obj(osDisk.managedDisk), caching: "ReadWrite", storageAccountType: "Premium_LRS" },
        dataDisks: [],
        zoneResilient: false,
      },
      hyperVGeneration: String(properties.hyperVGeneration ?? "V1"),
      provisioningState: "Creating",
    };
    captureVm(ctx.face, vm, record);
  },
  reconcile(face, record) {
    if (record.properties.provisioningState === "Creating" && record.internal.captured) {
      record.properties.provisioningState = "Succeeded";
      face.changed();
    }
  },
});
