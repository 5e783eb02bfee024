// The azure-arm source block, read and checked before anything is created. Field names are Packer's
// (https://developer.hashicorp.com/packer/integrations/hashicorp/azure/latest/components/builder/arm);
// a field roll does not run is refused by name, never silently ignored.

import { readFileSync } from "node:fs";
import type { Location } from "../../engine/errors.js";
import type { BlockConfig } from "../../template/types.js";
import { FieldReader } from "../fields.js";
import { resolveLocal } from "../provisioners/local-paths.js";

/** Who the builder signs in as. Without fields, the AZURE_* environment (as `roll sandbox env` sets it). */
export type AzureCredentials =
  | { kind: "service-principal"; clientId: string; clientSecret: string; tenantId?: string }
  | { kind: "azure-cli" }
  | { kind: "environment" };

export type AzureSourceImage =
  | { kind: "marketplace"; publisher: string; offer: string; sku: string; version: string }
  | { kind: "gallery"; id?: string; subscription?: string; resourceGroup?: string; galleryName?: string; imageName?: string; imageVersion?: string }
  | { kind: "managed-image"; name: string; resourceGroup: string };

export interface GalleryDestination {
  subscription?: string;
  resourceGroup: string;
  galleryName: string;
  imageName: string;
  replicationRegions: string[];
  location: Location;
}

export interface AzureArmConfig {
  /** "azure-arm.app", as only/except and messages name it. */
  sourceName: string;
  buildName: string;
  sourceLocation: Location;
  credentials: AzureCredentials;
  subscriptionId?: string;
  /** Exactly one of the two (Packer's rule): a temporary group in `location`, or an existing group. */
  location?: string;
  buildResourceGroupName?: string;
  tempResourceGroupName?: string;
  tempComputeName?: string;
  vmSize: string;
  source: AzureSourceImage;
  managedImage?: { name: string; resourceGroup: string };
  /** Absent: roll captures into its own gallery (one image definition per app). */
  galleryDestination?: GalleryDestination;
  azureTags: Record<string, string>;
  customData?: string;
  communicator: "ssh";
  sshUsername: string;
  sshPort: number;
  sshTimeoutMs: number;
}

const NOT_RUN: Record<string, string> = {
  image_url: "roll bakes from marketplace, gallery or managed images, not from a VHD URL",
  storage_account: "roll captures to managed images and galleries, not to VHDs in a storage account",
  capture_container_name: "roll captures to managed images and galleries, not to VHDs",
  capture_name_prefix: "roll captures to managed images and galleries, not to VHDs",
  client_cert_path: "roll signs in with a client secret or the Azure CLI",
  client_jwt: "roll signs in with a client secret or the Azure CLI",
  spot: "roll does not bake on spot VMs",
  plan_info: "roll does not bake marketplace images that need a purchase plan",
  virtual_network_name: "roll's builder VM gets a temporary virtual network",
};

const KNOWN_FIELDS = [
  "subscription_id", "tenant_id", "client_id", "client_secret", "use_azure_cli_auth", "object_id", "cloud_environment_name",
  "os_type", "image_publisher", "image_offer", "image_sku", "image_version", "shared_image_gallery",
  "custom_managed_image_name", "custom_managed_image_resource_group_name", "managed_image_name",
  "managed_image_resource_group_name", "managed_image_storage_account_type", "shared_image_gallery_destination",
  "location", "build_resource_group_name", "temp_resource_group_name", "temp_compute_name", "vm_size", "azure_tags",
  "custom_data", "custom_data_file", "communicator", "ssh_username", "ssh_port", "ssh_timeout", "os_disk_size_gb",
  "async_resourcegroup_delete", "polling_duration_timeout", ...Object.keys(NOT_RUN),
] as const;

export function parseAzureArmConfig(block: BlockConfig, templateRoot: string): AzureArmConfig {
  const fields = new FieldReader(block, `source "${block.type}" "${block.name}"`);
  fields.rejectUnknown(KNOWN_FIELDS);
  for (const [field, reason] of Object.entries(NOT_RUN)) {
    if (fields.has(field)) throw fields.error(field, `"${field}" is not supported: ${reason}`);
  }
  const osType = fields.requiredString("os_type");
  if (osType !== "Linux") {
    throw fields.error("os_type", `"os_type" must be "Linux" for roll (Packer also allows "Windows"), got "${osType}"`, "roll cannot bake Windows images yet");
  }

  const location = fields.string("location") || undefined;
  const buildResourceGroupName = fields.string("build_resource_group_name") || undefined;
  if (!location === !buildResourceGroupName) {
    throw fields.error(location ? "build_resource_group_name" : undefined, `give exactly one of "location" (a temporary group) and "build_resource_group_name" (an existing group)`);
  }
  if (buildResourceGroupName && fields.has("temp_resource_group_name")) {
    throw fields.error("temp_resource_group_name", `"temp_resource_group_name" names the temporary group; with "build_resource_group_name" there is none`);
  }

  const managedName = fields.string("managed_image_name") || undefined;
  const managedGroup = fields.string("managed_image_resource_group_name") || undefined;
  if (!managedName !== !managedGroup) {
    throw fields.error(managedName ? "managed_image_resource_group_name" : "managed_image_name", `"managed_image_name" and "managed_image_resource_group_name" go together`);
  }

  let customData = fields.string("custom_data");
  const customDataFile = fields.string("custom_data_file");
  if (customData !== undefined && customDataFile !== undefined) throw fields.error("custom_data_file", `set "custom_data" or "custom_data_file", not both`);
  if (customDataFile !== undefined) {
    try {
      customData = readFileSync(resolveLocal(templateRoot, customDataFile), "utf8");
    } catch (error) {
      throw fields.error("custom_data_file", `"custom_data_file": cannot read ${customDataFile}: ${(error as Error).message}`);
    }
  }
  const communicator = fields.oneOf("communicator", ["ssh"] as const, "ssh");

  return {
    sourceName: `${block.type}.${block.name}`,
    buildName: block.name,
    sourceLocation: fields.location(),
    credentials: readCredentials(fields),
    subscriptionId: fields.string("subscription_id") || undefined,
    location,
    buildResourceGroupName,
    tempResourceGroupName: fields.string("temp_resource_group_name") || undefined,
    tempComputeName: fields.string("temp_compute_name") || undefined,
    // Packer's default size.
    vmSize: fields.string("vm_size") || "Standard_A1",
    source: readSource(fields),
    managedImage: managedName && managedGroup ? { name: managedName, resourceGroup: managedGroup } : undefined,
    galleryDestination: readGalleryDestination(fields),
    azureTags: fields.stringMap("azure_tags") ?? {},
    customData,
    communicator,
    // Packer's azure-arm creates the VM's admin user under this name ("packer" unless set).
    sshUsername: fields.string("ssh_username") || "packer",
    sshPort: fields.integer("ssh_port", { min: 1, max: 65535 }) ?? 22,
    sshTimeoutMs: fields.duration("ssh_timeout") ?? 20 * 60_000,
  };
}

function readCredentials(fields: FieldReader): AzureCredentials {
  const clientId = fields.string("client_id") || undefined;
  const clientSecret = fields.string("client_secret") || undefined;
  const cli = fields.bool("use_azure_cli_auth");
  if (cli && (clientId || clientSecret)) throw fields.error("use_azure_cli_auth", `"use_azure_cli_auth" signs in with the Azure CLI: leave out "client_id" and "client_secret"`);
  if (cli) return { kind: "azure-cli" };
  if (!clientId !== !clientSecret) {
    throw fields.error(clientId ? "client_secret" : "client_id", `a service principal needs both "client_id" and "client_secret"`);
  }
  if (clientId && clientSecret) return { kind: "service-principal", clientId, clientSecret, tenantId: fields.string("tenant_id") || undefined };
  return { kind: "environment" };
}

function readSource(fields: FieldReader): AzureSourceImage {
  const publisher = fields.string("image_publisher") || undefined;
  const gallery = fields.object("shared_image_gallery");
  const managed = fields.string("custom_managed_image_name") || undefined;
  const chosen = [publisher && "image_publisher", gallery && "shared_image_gallery", managed && "custom_managed_image_name"].filter(Boolean) as string[];
  if (chosen.length === 0) {
    throw fields.error(undefined, `a source image is required: "image_publisher"/"image_offer"/"image_sku", "shared_image_gallery" or "custom_managed_image_name"`);
  }
  if (chosen.length > 1) throw fields.error(chosen[1], `give one source image, not both "${chosen[0]}" and "${chosen[1]}"`);
  if (publisher) {
    return {
      kind: "marketplace",
      publisher,
      offer: fields.requiredString("image_offer"),
      sku: fields.requiredString("image_sku"),
      version: fields.string("image_version") || "latest",
    };
  }
  if (managed) return { kind: "managed-image", name: managed, resourceGroup: fields.requiredString("custom_managed_image_resource_group_name") };
  gallery!.rejectUnknown(["subscription", "resource_group", "gallery_name", "image_name", "image_version", "id", "community_gallery_image_id", "direct_shared_gallery_image_id"]);
  for (const field of ["community_gallery_image_id", "direct_shared_gallery_image_id"]) {
    if (gallery!.has(field)) throw gallery!.error(field, `"${field}" is not supported: roll reads galleries of its own subscription`);
  }
  const id = gallery!.string("id") || undefined;
  if (id) return { kind: "gallery", id };
  return {
    kind: "gallery",
    subscription: gallery!.string("subscription") || undefined,
    resourceGroup: gallery!.requiredString("resource_group"),
    galleryName: gallery!.requiredString("gallery_name"),
    imageName: gallery!.requiredString("image_name"),
    imageVersion: gallery!.string("image_version") || undefined,
  };
}

function readGalleryDestination(fields: FieldReader): GalleryDestination | undefined {
  const destination = fields.object("shared_image_gallery_destination");
  if (!destination) return undefined;
  destination.rejectUnknown(["subscription", "resource_group", "gallery_name", "image_name", "image_version", "replication_regions", "storage_account_type"]);
  if (destination.has("image_version")) {
    throw destination.error("image_version", `"image_version" is chosen by roll: version vN is captured as gallery version 0.0.N`);
  }
  return {
    subscription: destination.string("subscription") || undefined,
    resourceGroup: destination.requiredString("resource_group"),
    galleryName: destination.requiredString("gallery_name"),
    imageName: destination.requiredString("image_name"),
    replicationRegions: [...new Set(destination.stringList("replication_regions") ?? [])],
    location: fields.location("shared_image_gallery_destination"),
  };
}
