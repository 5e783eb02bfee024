// source "amazon-ebs": the fields of Packer's amazon-ebs builder (access, AMI, run and SSH config).

import { communicatorFields, communicatorValue, sshUsernameRequired } from "./communicator.js";
import { block, blocks, bool, fieldsOf, number, string, stringMap, strings, type BlockSchema } from "./types.js";

const filterBlock = (title: string, extra: BlockSchema["fields"] = {}): BlockSchema => ({
  title,
  fields: { filters: stringMap, ...extra },
});

export const blockDeviceSchema: BlockSchema = {
  title: "launch_block_device_mappings",
  fields: {
    ...fieldsOf(string, "device_name", "volume_type", "kms_key_id", "snapshot_id", "virtual_name"),
    ...fieldsOf(number, "volume_size", "iops", "throughput"),
    ...fieldsOf(bool, "delete_on_termination", "encrypted", "no_device"),
  },
  required: ["device_name"],
};

const tagBlock: BlockSchema = { title: "tag", fields: { key: string, value: string }, required: ["key", "value"] };

export const amazonAccessFields: BlockSchema["fields"] = {
  ...fieldsOf(
    string,
    "access_key",
    "secret_key",
    "token",
    "profile",
    "region",
    "shared_credentials_file",
    "custom_endpoint_ec2",
    "mfa_code",
  ),
  ...fieldsOf(bool, "skip_region_validation", "skip_metadata_api_check", "skip_credential_validation", "insecure_skip_tls_verify", "decode_authorization_messages"),
  max_retries: number,
  aws_polling: block({ title: "aws_polling", fields: { delay_seconds: number, max_attempts: number } }),
  assume_role: block({
    title: "assume_role",
    fields: {
      ...fieldsOf(string, "role_arn", "session_name", "external_id", "policy"),
      duration_seconds: number,
      policy_arns: strings,
      tags: stringMap,
      transitive_tag_keys: strings,
    },
  }),
};

export const amazonEbsSchema: BlockSchema = {
  title: 'source "amazon-ebs"',
  fields: {
    ...amazonAccessFields,
    // AMI
    ...fieldsOf(string, "ami_name", "ami_description", "ami_virtualization_type", "kms_key_id", "deprecate_at", "imds_support", "boot_mode", "tpm_support"),
    ...fieldsOf(strings, "ami_users", "ami_groups", "ami_org_arns", "ami_ou_arns", "ami_product_codes", "ami_regions", "snapshot_users", "snapshot_groups"),
    ...fieldsOf(stringMap, "tags", "snapshot_tags", "run_tags", "run_volume_tags", "spot_tags", "fleet_tags", "region_kms_key_ids"),
    ...fieldsOf(bool, "ena_support", "sriov_support", "force_deregister", "force_delete_snapshot", "encrypt_boot", "skip_create_ami", "skip_save_build_region"),
    tag: blocks(tagBlock),
    run_tag: blocks({ ...tagBlock, title: "run_tag" }),
    launch_block_device_mappings: blocks(blockDeviceSchema),
    ami_block_device_mappings: blocks({ ...blockDeviceSchema, title: "ami_block_device_mappings" }),
    // Run
    ...fieldsOf(
      string,
      "instance_type",
      "source_ami",
      "availability_zone",
      "iam_instance_profile",
      "shutdown_behavior",
      "spot_price",
      "subnet_id",
      "vpc_id",
      "security_group_id",
      "user_data",
      "user_data_file",
      "tenancy",
      "capacity_reservation_preference",
      "capacity_reservation_id",
      "temporary_iam_instance_profile_policy_document",
    ),
    ...fieldsOf(bool, "associate_public_ip_address", "ebs_optimized", "enable_unlimited_credits", "enable_nitro_enclave", "disable_stop_instance", "temporary_security_group_source_public_ip"),
    ...fieldsOf(strings, "security_group_ids", "spot_instance_types", "temporary_security_group_source_cidrs"),
    block_duration_minutes: number,
    source_ami_filter: block(filterBlock("source_ami_filter", { owners: strings, most_recent: bool, include_deprecated: bool })),
    subnet_filter: block(filterBlock("subnet_filter", { most_free: bool, random: bool })),
    vpc_filter: block(filterBlock("vpc_filter")),
    security_group_filter: block(filterBlock("security_group_filter")),
    metadata_options: block({
      title: "metadata_options",
      fields: { http_endpoint: string, http_tokens: string, http_put_response_hop_limit: number, instance_metadata_tags: string },
    }),
    placement: block({ title: "placement", fields: { host_resource_group_arn: string, tenancy: string } }),
    ...communicatorFields,
  },
  required: ["ami_name"],
  // Packer's run config: spot_instance_types is "used in place of instance_type … only either, not both".
  oneOf: [["source_ami", "source_ami_filter"], ["instance_type", "spot_instance_types"]],
  exclusive: [
    ["instance_type", "spot_instance_types"],
    ["user_data", "user_data_file"],
    ["security_group_id", "security_group_ids", "security_group_filter"],
    ["subnet_id", "subnet_filter"],
    ["vpc_id", "vpc_filter"],
  ],
  localFiles: ["user_data_file"],
  rules: [communicatorValue, sshUsernameRequired],
};
