// Azure Compute Gallery: galleries, image definitions (osType, osState, identifier
// publisher/offer/sku, hyperVGeneration) and image versions (Major.Minor.Patch, each an int32;
// publishingProfile.targetRegions; source: a managed image or a generalized VM). A version is Creating
// while it replicates to its target regions (replicationStatus per region), then Succeeded.

import type { AzureFace } from "../context.js";
import { registerType } from "../resource-types.js";
import type { ResourceRecord } from "../state.js";
import { ArmError, invalidParameter } from "../wire.js";
import { captureVm } from "./snapshot.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

function hasChildren(face: AzureFace, record: ResourceRecord): boolean {
  const prefix = `${record.id.toLowerCase()}/`;
  return Object.keys(face.state.resources).some((key) => key.startsWith(prefix));
}

function refuseWithChildren(face: AzureFace, record: ResourceRecord): void {
  if (hasChildren(face, record)) {
    throw new ArmError("CannotDeleteResource", `Can not delete resource before nested resources are deleted. Resource '${record.id}' has nested resources.`, 409);
  }
}

registerType({
  type: "Microsoft.Compute/galleries",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body }) {
    if (!/^[A-Za-z0-9]+(?:[._][A-Za-z0-9]+)*$/.test(record.name) || record.name.length > 80) {
      throw invalidParameter(`The gallery name '${record.name}' is invalid. It may contain only English letters, numbers, underscores and periods, and cannot begin or end with an underscore or period.`, "galleryName");
    }
    const properties = obj(body.properties);
    record.properties = {
      ...(properties.description !== undefined ? { description: properties.description } : {}),
      identifier: { uniqueName: `${ctx.face.subscriptionId}-${record.name.toUpperCase()}` },
      provisioningState: "Succeeded",
    };
  },
  delete(face, record) {
    refuseWithChildren(face, record);
  },
});

const IDENTIFIER_FIELDS = ["publisher", "offer", "sku"] as const;

registerType({
  type: "Microsoft.Compute/galleries/images",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body, existing }) {
    const properties = obj(body.properties);
    const identifier = obj(properties.identifier);
    for (const field of ["osType", "osState"]) {
      if (typeof properties[field] !== "string") throw invalidParameter(`Required parameter '${field}' is missing (null).`, `galleryImage.properties.${field}`);
    }
    if (!["linux", "windows"].includes(String(properties.osType).toLowerCase())) throw invalidParameter(`The value '${String(properties.osType)}' of parameter 'osType' is not allowed. Allowed values are 'Windows, Linux'.`, "galleryImage.properties.osType");
    if (!["generalized", "specialized"].includes(String(properties.osState).toLowerCase())) throw invalidParameter(`The value '${String(properties.osState)}' of parameter 'osState' is not allowed. Allowed values are 'Generalized, Specialized'.`, "galleryImage.properties.osState");
    for (const field of IDENTIFIER_FIELDS) {
      if (typeof identifier[field] !== "string" || identifier[field] === "") throw invalidParameter(`Required parameter 'identifier.${field}' is missing (null).`, `galleryImage.properties.identifier.${field}`);
    }
    if (existing) {
      const before = obj(existing.properties.identifier);
      if (IDENTIFIER_FIELDS.some((f) => String(before[f]).toLowerCase() !== String(identifier[f]).toLowerCase()) || String(existing.properties.osType) !== String(properties.osType)) {
        throw new ArmError("PropertyChangeNotAllowed", "Changing property 'galleryImage.properties.identifier' is not allowed.", 409, {}, "galleryImage.properties.identifier");
      }
    }
    const capital = (v: unknown) => String(v).charAt(0).toUpperCase() + String(v).slice(1).toLowerCase();
    record.properties = {
      ...properties,
      osType: capital(properties.osType),
      osState: capital(properties.osState),
      identifier: { publisher: identifier.publisher, offer: identifier.offer, sku: identifier.sku },
      hyperVGeneration: properties.hyperVGeneration ?? "V1",
      architecture: properties.architecture ?? "x64",
      provisioningState: "Succeeded",
    };
  },
  delete(face, record) {
    refuseWithChildren(face, record);
  },
});

const INT32 = 2 ** 31 - 1;

function replicationDone(face: AzureFace, record: ResourceRecord): boolean {
  return record.internal.captured === true && face.now() >= Number(record.internal.readyAt ?? 0);
}

registerType({
  type: "Microsoft.Compute/galleries/images/versions",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body, existing, parents }) {
    const parts = record.name.split(".");
    if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p) || Number(p) > INT32)) {
      throw invalidParameter(`The gallery image version name '${record.name}' is invalid. The version name must follow Major(int32).Minor(int32).Patch(int32) format, e.g. 1.0.0, 2018.12.1 etc.`, "galleryImageVersionName");
    }
    const properties = obj(body.properties);
    const publishing = obj(properties.publishingProfile);
    const definition = parents[1]!;
    const regionsIn = (Array.isArray(publishing.targetRegions) ? publishing.targetRegions : []) as Json[];
    const regions = regionsIn.map((r) => ({ ...r, name: String(r.name ?? "").toLowerCase().replace(/\s/g, ""), regionalReplicaCount: r.regionalReplicaCount ?? publishing.replicaCount ?? 1, storageAccountType: r.storageAccountType ?? "Standard_LRS" }));
    if (regions.some((r) => !r.name)) throw invalidParameter("Each target region needs a name.", "publishingProfile.targetRegions");
    if (!regions.some((r) => r.name === record.location)) regions.unshift({ name: record.location, regionalReplicaCount: publishing.replicaCount ?? 1, storageAccountType: "Standard_LRS" });
    if (existing) {
      // Updates change replication targets, excludeFromLatest, end of life, tags; the source stays.
      record.properties.publishingProfile = { ...obj(existing.properties.publishingProfile), ...publishing, targetRegions: regions };
      record.internal.readyAt = ctx.face.now() + ctx.face.cloud.timing.imagePendingMs;
      record.properties.provisioningState = "Updating";
      return;
    }
    const storage = obj(properties.storageProfile);
    const source = obj(storage.source);
    const sourceId = (source.id ?? source.virtualMachineId) as string | undefined;
    if (typeof sourceId !== "string") throw invalidParameter("Required parameter 'storageProfile.source.id' is missing (null).", "storageProfile.source.id");
    const sourceRecord = ctx.face.resource(sourceId);
    if (!sourceRecord) throw new ArmError("NotFound", `The source resource '${sourceId}' was not found.`, 404, {}, "storageProfile.source.id");
    record.properties = {
      publishingProfile: { ...publishing, targetRegions: regions, replicaCount: publishing.replicaCount ?? 1, excludeFromLatest: publishing.excludeFromLatest ?? false, publishedDate: new Date(ctx.face.now()).toISOString(), storageAccountType: publishing.storageAccountType ?? "Standard_LRS", replicationMode: "Full" },
      storageProfile: { source: { id: sourceRecord.id }, osDiskImage: { sizeInGB: 30, hostCaching: "ReadWrite", source: { id: sourceRecord.id } } },
      safetyProfile: { allowDeletionOfReplicatedLocations: true, reportedForPolicyViolation: false },
      provisioningState: "Creating",
    };
    record.internal.readyAt = ctx.face.now() + ctx.face.cloud.timing.imagePendingMs * regions.length;
    if (sourceRecord.type === "Microsoft.Compute/images") {
      if (sourceRecord.properties.provisioningState !== "Succeeded") throw new ArmError("ImageNotReady", `The managed image '${sourceRecord.id}' is not ready (provisioningState ${String(sourceRecord.properties.provisioningState)}).`, 409);
      record.internal.layers = sourceRecord.internal.layers;
      record.internal.captured = true;
    } else if (sourceRecord.type === "Microsoft.Compute/virtualMachines") {
      if (String(definition.properties.osState) === "Generalized" && !sourceRecord.internal.generalized) {
        throw new ArmError("OperationNotAllowed", `The source virtual machine '${sourceRecord.id}' must be generalized for the image definition '${definition.name}' whose osState is Generalized.`, 409);
      }
      captureVm(ctx.face, sourceRecord, record);
    } else if (sourceRecord.type === "Microsoft.Compute/galleries/images/versions") {
      record.internal.layers = sourceRecord.internal.layers;
      record.internal.captured = true;
    } else {
      throw invalidParameter(`The source '${sourceRecord.id}' must be a managed image, a virtual machine or a gallery image version.`, "storageProfile.source.id");
    }
  },
  view(face, record, properties) {
    const done = replicationDone(face, record) || record.properties.provisioningState === "Succeeded";
    const regions = ((obj(record.properties.publishingProfile).targetRegions as Json[] | undefined) ?? []).map((r) => String(r.name));
    const started = Date.parse(String(obj(record.properties.publishingProfile).publishedDate ?? new Date(record.createdAt).toISOString()));
    const total = Math.max(1, Number(record.internal.readyAt ?? 0) - started);
    const progress = done ? 100 : Math.min(99, Math.floor(((face.now() - started) / total) * 100));
    properties.replicationStatus = {
      aggregatedState: done ? "Completed" : "InProgress",
      summary: regions.map((region) => ({ region, state: done ? "Completed" : "Replicating", details: "", progress })),
    };
  },
  reconcile(face, record) {
    const state = record.properties.provisioningState;
    if ((state === "Creating" || state === "Updating") && replicationDone(face, record)) {
      record.properties.provisioningState = "Succeeded";
      face.changed();
    }
  },
});
