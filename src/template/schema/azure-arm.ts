// source "azure-arm": the common fields of Packer's Azure ARM builder, and the rules Packer's docs give
// between them (src/bake/azure-arm/config.ts adds the ones that need values, e.g. "publisher needs
// offer and sku").

import { communicatorFields, communicatorValue } from "./communicator.js";
import { block, bool, fieldsOf, number, string, stringMap, strings, type BlockSchema } from "./types.js";

export const azureArmSchema: BlockSchema = {
  title: 'source "azure-arm"',
  fields: {
    ...fieldsOf(
      string,
      "subscription_id",
      "tenant_id",
      "client_id",
      "client_secret",
      "client_cert_path",
      "client_jwt",
      "object_id",
      "cloud_environment_name",
      "os_type",
      "image_publisher",
      "image_offer",
      "image_sku",
      "image_version",
      "image_url",
      "custom_managed_image_name",
      "custom_managed_image_resource_group_name",
      "managed_image_name",
      "managed_image_resource_group_name",
      "managed_image_storage_account_type",
      "location",
      "vm_size",
      "build_resource_group_name",
      "temp_resource_group_name",
      "temp_compute_name",
      "virtual_network_name",
      "virtual_network_subnet_name",
      "virtual_network_resource_group_name",
      "resource_group_name",
      "storage_account",
      "capture_container_name",
      "capture_name_prefix",
      "custom_data",
      "custom_data_file",
      "user_data",
      "user_data_file",
      "public_ip_sku",
      "security_type",
      "license_type",
      "polling_duration_timeout",
      "os_disk_storage_account_type",
      "disk_caching_type",
    ),
    ...fieldsOf(number, "os_disk_size_gb"),
    disk_additional_size: { kind: "attribute", type: { kind: "list", element: { kind: "number" } } },
    ...fieldsOf(
      bool,
      "use_azure_cli_auth",
      "private_virtual_network_with_public_ip",
      "async_resourcegroup_delete",
      "secure_boot_enabled",
      "vtpm_enabled",
      "managed_image_zone_resilient",
      "skip_create_image",
    ),
    ...fieldsOf(stringMap, "azure_tags"),
    ...fieldsOf(strings, "allowed_inbound_ip_addresses"),
    plan_info: block({ title: "plan_info", fields: fieldsOf(string, "plan_name", "plan_product", "plan_publisher", "plan_promotion_code") }),
    spot: block({ title: "spot", fields: { eviction_policy: string, max_price: number } }),
    shared_image_gallery: block({
      title: "shared_image_gallery",
      fields: fieldsOf(string, "subscription", "resource_group", "gallery_name", "image_name", "image_version", "community_gallery_image_id", "direct_shared_gallery_image_id", "id"),
    }),
    shared_image_gallery_destination: block({
      title: "shared_image_gallery_destination",
      fields: {
        ...fieldsOf(string, "subscription", "resource_group", "gallery_name", "image_name", "image_version", "storage_account_type"),
        replication_regions: strings,
      },
    }),
    ...communicatorFields,
  },
  // Packer: a build needs a location (for a temporary group) or an existing build group, not both;
  // one source image; service-principal secret or certificate, or the Azure CLI's login.
  required: ["os_type"],
  oneOf: [["location", "build_resource_group_name"]],
  exclusive: [
    ["location", "build_resource_group_name"],
    ["image_publisher", "image_url", "custom_managed_image_name", "shared_image_gallery"],
    ["client_secret", "client_cert_path", "client_jwt", "use_azure_cli_auth"],
  ],
  localFiles: ["custom_data_file", "user_data_file"],
  // Azure gives ssh_username a default ("packer"), so only the communicator value is checked here.
  rules: [communicatorValue],
};
