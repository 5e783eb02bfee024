// What a VM or scale set boots from: storageProfile.imageReference naming a marketplace image
// (publisher/offer/sku/version, `latest` resolved), a managed image id, a gallery image version id, or
// a gallery image definition id (its latest version not excluded from latest).

import type { AzureFace } from "../context.js";
import { ArmError, invalidParameter } from "../wire.js";
import { resolveMarketplace } from "./marketplace.js";

export interface ImageSource {
  layers: string[];
  /** Shown as the instance's image (and on the AWS side's record, which is never listed there). */
  label: string;
  /** For marketplace images: the concrete version `latest` resolved to. */
  exactVersion?: string;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export function resolveImage(face: AzureFace, reference: Record<string, unknown> | undefined, location: string): ImageSource {
  if (!reference || Object.keys(reference).length === 0) throw invalidParameter("Required parameter 'imageReference' is missing (null).", "imageReference");
  const id = typeof reference.id === "string" ? reference.id : undefined;
  if (!id) {
    const image = resolveMarketplace(face, reference, location);
    return { layers: image.layers, label: `${image.publisher}:${image.offer}:${image.sku}:${image.version}`, exactVersion: image.version };
  }
  const record = face.resource(id);
  const type = record?.type.toLowerCase();
  const notFound = () => new ArmError("NotFound", `The entity was not found in this Azure location. Image ${id} does not exist.`, 404, {}, "imageReference.id");
  if (!record) {
    throw new ArmError(id.toLowerCase().includes("/galleries/") ? "GalleryImageNotFound" : "InvalidParameter", `The gallery image or managed image ${id} is not available in ${location} region. Make sure it exists and is replicated to this region.`, id.toLowerCase().includes("/galleries/") ? 404 : 400, {}, "imageReference.id");
  }
  if (type === "microsoft.compute/galleries/images") {
    const prefix = `${record.id.toLowerCase()}/versions/`;
    const versions = Object.values(face.state.resources).filter(
      (r) => r.id.toLowerCase().startsWith(prefix) && r.properties.provisioningState === "Succeeded" && !(r.properties.publishingProfile as { excludeFromLatest?: boolean } | undefined)?.excludeFromLatest,
    );
    versions.sort((a, b) => compareVersions(a.name, b.name));
    const latest = versions[versions.length - 1];
    if (!latest) throw new ArmError("GalleryImageNotFound", `The gallery image ${id} has no version available for 'latest' in ${location}.`, 404, {}, "imageReference.id");
    return { layers: latest.internal.layers as string[], label: latest.id };
  }
  if (type === "microsoft.compute/galleries/images/versions" || type === "microsoft.compute/images") {
    if (record.properties.provisioningState !== "Succeeded") {
      throw new ArmError("ImageNotReady", `The image ${id} is still being ${type.endsWith("versions") ? "replicated" : "created"} (provisioningState ${String(record.properties.provisioningState)}).`, 409, {}, "imageReference.id");
    }
    if (type.endsWith("versions")) {
      const regions = ((record.properties.publishingProfile as { targetRegions?: Array<{ name: string }> } | undefined)?.targetRegions ?? []).map((r) => r.name.toLowerCase().replace(/\s/g, ""));
      if (regions.length > 0 && !regions.includes(location)) {
        throw new ArmError("GalleryImageNotFound", `The gallery image version ${id} is not replicated to region ${location} (target regions: ${regions.join(", ")}).`, 404, {}, "imageReference.id");
      }
    }
    return { layers: record.internal.layers as string[], label: record.id };
  }
  throw notFound();
}
