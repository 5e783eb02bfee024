// The marketplace's Canonical Ubuntu images, built on the sandbox's vendor bases: the shipped base and
// every base `roll sandbox publish-base` published since (the same refresh reaches the AWS and the Azure
// face). Versions are `22.04.YYYYMMDDn` from the base's creation date, so `latest` resolves to the
// newest. Served under /subscriptions/{s}/providers/Microsoft.Compute/locations/{l}/publishers/….

import type { AzureFace, RequestContext } from "../context.js";
import { registerLocationHandler } from "../locations.js";
import { ArmError, type ArmResponse } from "../wire.js";
import { BASE_IMAGE_CREATED } from "../../model/base-images.js";

interface Offer {
  offer: string;
  release: string;
  skus: Array<{ sku: string; generation: "V1" | "V2" }>;
}

export const PUBLISHER = "Canonical";
const OFFERS: Offer[] = [
  { offer: "0001-com-ubuntu-server-jammy", release: "22.04", skus: [{ sku: "22_04-lts", generation: "V1" }, { sku: "22_04-lts-gen2", generation: "V2" }] },
  { offer: "ubuntu-24_04-lts", release: "24.04", skus: [{ sku: "server-gen1", generation: "V1" }, { sku: "server", generation: "V2" }] },
];

export interface MarketplaceImage {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  generation: "V1" | "V2";
  layers: string[];
}

function dateStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, "");
}

/** Every base as a version string and its layers, oldest first. */
function baseVersions(face: AzureFace, release: string): Array<{ version: string; layers: string[] }> {
  const cloud = face.cloud;
  const bases = [{ created: BASE_IMAGE_CREATED, layers: [cloud.baseLayerDir] }, ...(cloud.state.publishedBases ?? []).map((p) => ({ created: p.creationDate, layers: [p.layerDir, cloud.baseLayerDir] }))];
  const seen = new Map<string, number>();
  return bases.map((base) => {
    const day = dateStamp(base.created);
    const n = seen.get(day) ?? 0;
    seen.set(day, n + 1);
    return { version: `${release}.${day}${n}`, layers: base.layers };
  });
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Resolves publisher/offer/sku/version (`latest` = newest) to an image, or throws as ARM does. */
export function resolveMarketplace(face: AzureFace, reference: { publisher?: unknown; offer?: unknown; sku?: unknown; version?: unknown }, location: string): MarketplaceImage {
  const publisher = String(reference.publisher ?? "");
  const offerName = String(reference.offer ?? "");
  const skuName = String(reference.sku ?? "");
  const version = String(reference.version ?? "latest");
  const offer = eq(publisher, PUBLISHER) ? OFFERS.find((o) => eq(o.offer, offerName)) : undefined;
  const sku = offer?.skus.find((s) => eq(s.sku, skuName));
  const versions = offer ? baseVersions(face, offer.release) : [];
  const found = version.toLowerCase() === "latest" ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (!offer || !sku || !found) {
    throw new ArmError("PlatformImageNotFound", `The platform image '${publisher}:${offerName}:${skuName}:${version}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`, 404, {}, "imageReference");
  }
  void location;
  return { publisher: PUBLISHER, offer: offer.offer, sku: sku.sku, version: found.version, generation: sku.generation, layers: found.layers };
}

function item(face: AzureFace, location: string, path: string, name: string): Record<string, unknown> {
  return { location, name, id: `/Subscriptions/${face.subscriptionId}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${path}` };
}

function catalogue(ctx: RequestContext, location: string, rest: string[]): ArmResponse | undefined {
  if (ctx.method !== "GET" || rest[0]?.toLowerCase() !== "publishers") return undefined;
  const face = ctx.face;
  const [, publisher, artifact, artifactType, offers, offerName, skus, skuName, versions, version] = rest;
  if (rest.length === 1) return { status: 200, body: [item(face, location, PUBLISHER, PUBLISHER)] };
  const known = publisher !== undefined && eq(publisher, PUBLISHER);
  if (rest.length >= 3 && !(artifact && eq(artifact, "artifacttypes") && artifactType && eq(artifactType, "vmimage") && offers && eq(offers, "offers"))) return undefined;
  if (rest.length === 5) return { status: 200, body: known ? OFFERS.map((o) => item(face, location, `${PUBLISHER}/ArtifactTypes/VMImage/Offers/${o.offer}`, o.offer)) : [] };
  const offer = known ? OFFERS.find((o) => eq(o.offer, offerName ?? "")) : undefined;
  if (!offer) throw new ArmError("NotFound", `Artifact: VMImage was not found.`, 404);
  if (rest.length === 7 && skus && eq(skus, "skus")) return { status: 200, body: offer.skus.map((s) => item(face, location, `${PUBLISHER}/ArtifactTypes/VMImage/Offers/${offer.offer}/Skus/${s.sku}`, s.sku)) };
  const sku = offer.skus.find((s) => eq(s.sku, skuName ?? ""));
  if (!sku || !versions || !eq(versions, "versions")) throw new ArmError("NotFound", `Artifact: VMImage was not found.`, 404);
  const all = baseVersions(face, offer.release);
  const path = (v: string) => `${PUBLISHER}/ArtifactTypes/VMImage/Offers/${offer.offer}/Skus/${sku.sku}/Versions/${v}`;
  if (rest.length === 9) {
    const top = Number(ctx.url.searchParams.get("$top") ?? "0");
    const order = ctx.url.searchParams.get("$orderby") ?? "";
    let listed = all.map((v) => v.version);
    if (/desc/i.test(order)) listed = listed.reverse();
    if (top > 0) listed = listed.slice(0, top);
    return { status: 200, body: listed.map((v) => item(face, location, path(v), v)) };
  }
  const found = all.find((v) => v.version === version);
  if (!found || rest.length !== 10) throw new ArmError("NotFound", `Artifact: VMImage was not found.`, 404);
  return {
    status: 200,
    body: {
      ...item(face, location, path(found.version), found.version),
      properties: {
        hyperVGeneration: sku.generation,
        architecture: "x64",
        osDiskImage: { operatingSystem: "Linux", sizeInGb: 30 },
        dataDiskImages: [],
        automaticOSUpgradeProperties: { automaticOSUpgradeSupported: true },
        imageDeprecationStatus: { imageState: "Active" },
        features: [{ name: "SecurityType", value: "TrustedLaunchSupported" }, { name: "IsAcceleratedNetworkSupported", value: "True" }],
      },
    },
  };
}

registerLocationHandler("Microsoft.Compute", catalogue);
