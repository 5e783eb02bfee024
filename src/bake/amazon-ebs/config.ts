// The amazon-ebs source block, read and checked before anything is created. Field names are
// Packer's; anything roll does not implement is refused by name rather than silently ignored.

import { readFileSync } from "node:fs";
import type { Location } from "../../engine/errors.js";
import type { BlockConfig } from "../../template/types.js";
import { FieldReader } from "../fields.js";
import { resolveLocal } from "../provisioners/local-paths.js";
import { readBlockDevices, type BlockDevice } from "./block-devices.js";

export type SshInterface = "public_ip" | "private_ip" | "public_dns" | "private_dns";

export interface SourceImageFilter {
  filters: Record<string, string>;
  owners: string[];
  mostRecent: boolean;
  location: Location;
}

export interface Polling {
  delayMs: number;
  maxAttempts: number;
}

export interface EbsConfig {
  /** "amazon-ebs.app", as only/except and messages name it. */
  sourceName: string;
  buildName: string;
  region?: string;
  sourceAmi?: string;
  sourceAmiFilter?: SourceImageFilter;
  sourceLocation: Location;
  instanceType: string;
  subnetId?: string;
  vpcId?: string;
  associatePublicIpAddress?: boolean;
  securityGroupIds: string[];
  temporarySecurityGroupCidrs: string[];
  communicator: "ssh" | "none";
  sshUsername: string;
  sshPort: number;
  sshTimeoutMs: number;
  sshInterface?: SshInterface;
  sshKeepAliveMs: number;
  sshAgentAuth: boolean;
  sshKeypairName?: string;
  /** Contents of ssh_private_key_file, read once into memory. */
  sshPrivateKey?: string;
  bastion?: { host: string; port: number; username: string; privateKey?: string; agentAuth: boolean };
  temporaryKeyPairType: "rsa" | "ed25519";
  userData?: string;
  runTags: Record<string, string>;
  tags: Record<string, string>;
  snapshotTags: Record<string, string>;
  amiName: string;
  amiDescription?: string;
  amiRegions: string[];
  amiUsers: string[];
  forceDeregister: boolean;
  forceDeleteSnapshot: boolean;
  skipCreateAmi: boolean;
  polling?: Polling;
  launchBlockDevices: BlockDevice[];
  /** encrypt_boot: the image is an encrypted copy of what the builder produced (kms_key_id or the default key). */
  encryptBoot: boolean;
  kmsKeyId?: string;
  /** An instance profile name, or its ARN. */
  iamInstanceProfile?: string;
  /** spot_price: a maximum price, or "auto" (up to the on-demand price). */
  spotPrice?: string;
  /** Access fields the template sets and roll ignores (it uses the target's credentials and endpoint). */
  ignoredAccessFields: string[];
}

const KNOWN_FIELDS = [
  "region", "source_ami", "source_ami_filter", "instance_type", "subnet_id", "vpc_id", "associate_public_ip_address",
  "security_group_id", "security_group_ids", "temporary_security_group_source_cidrs", "communicator",
  "ssh_username", "ssh_port", "ssh_timeout", "ssh_interface", "ssh_keep_alive_interval", "ssh_agent_auth",
  "ssh_keypair_name", "ssh_private_key_file", "ssh_bastion_host", "ssh_bastion_port", "ssh_bastion_username",
  "ssh_bastion_private_key_file", "ssh_bastion_agent_auth", "temporary_key_pair_type", "user_data", "user_data_file",
  "run_tags", "tags", "snapshot_tags", "ami_name", "ami_description", "ami_regions", "ami_users", "force_deregister",
  "force_delete_snapshot", "skip_create_ami", "aws_polling", "launch_block_device_mappings", "encrypt_boot", "kms_key_id",
  "iam_instance_profile", "spot_price", "spot_instance_types",
] as const;

/**
 * Packer's access fields (credentials, profile, endpoint). roll talks to its target with the target's
 * credentials and endpoint, so a template from elsewhere cannot redirect signed calls or swap accounts;
 * these fields are accepted, so templates bake unchanged, and reported as ignored.
 */
const IGNORED_ACCESS_FIELDS = [
  "access_key", "secret_key", "token", "profile", "shared_credentials_file", "custom_endpoint_ec2", "mfa_code",
  "skip_region_validation", "skip_metadata_api_check", "skip_credential_validation", "insecure_skip_tls_verify",
  "decode_authorization_messages", "max_retries",
] as const;

function readKeyFile(fields: FieldReader, field: string, templateRoot: string): string | undefined {
  const file = fields.string(field);
  if (!file) return undefined;
  try {
    return readFileSync(resolveLocal(templateRoot, file), "utf8");
  } catch (error) {
    throw fields.error(field, `"${field}": cannot read ${file}: ${(error as Error).message}`);
  }
}

export function parseEbsConfig(block: BlockConfig, templateRoot: string): EbsConfig {
  const fields = new FieldReader(block, `source "${block.type}" "${block.name}"`);
  if (fields.string("communicator") === "winrm") {
    throw fields.error("communicator", "roll cannot run the winrm communicator yet; it connects over SSH", 'use communicator = "ssh"');
  }
  fields.rejectUnknown([...KNOWN_FIELDS, ...IGNORED_ACCESS_FIELDS]);
  const ignoredAccessFields = IGNORED_ACCESS_FIELDS.filter((field) => block.fields[field] !== undefined);

  const sourceAmi = fields.string("source_ami") || undefined;
  const filterBlock = fields.object("source_ami_filter");
  let sourceAmiFilter: SourceImageFilter | undefined;
  if (filterBlock) {
    filterBlock.rejectUnknown(["filters", "owners", "most_recent"]);
    const filters = filterBlock.stringMap("filters") ?? {};
    const owners = filterBlock.stringList("owners") ?? [];
    if (Object.keys(filters).length === 0 && owners.length === 0) {
      throw fields.error("source_ami_filter", `"source_ami_filter" needs "filters" or "owners"`);
    }
    sourceAmiFilter = { filters, owners, mostRecent: filterBlock.bool("most_recent"), location: fields.location("source_ami_filter") };
  }
  if (!sourceAmi && !sourceAmiFilter) throw fields.error(undefined, `one of "source_ami" or "source_ami_filter" is required`);
  if (sourceAmi && sourceAmiFilter) throw fields.error("source_ami_filter", `set "source_ami" or "source_ami_filter", not both`);

  const amiName = fields.requiredString("ami_name");
  if (amiName.length < 3 || amiName.length > 128) throw fields.error("ami_name", `"ami_name" must be 3 to 128 characters long, got ${amiName.length}`);
  if (!/^[A-Za-z0-9()[\] ./'@_-]+$/.test(amiName)) {
    throw fields.error("ami_name", `"ami_name" may only contain letters, numbers, spaces and ( ) [ ] . / - ' @ _, got "${amiName}"`);
  }

  const sgId = fields.string("security_group_id");
  const securityGroupIds = [...(sgId ? [sgId] : []), ...(fields.stringList("security_group_ids") ?? [])];

  const userData = fields.string("user_data");
  const userDataFile = fields.string("user_data_file");
  if (userData !== undefined && userDataFile !== undefined) throw fields.error("user_data_file", `set "user_data" or "user_data_file", not both`);
  let userDataText = userData;
  if (userDataFile !== undefined) {
    try {
      userDataText = readFileSync(resolveLocal(templateRoot, userDataFile), "utf8");
    } catch (error) {
      throw fields.error("user_data_file", `"user_data_file": cannot read ${userDataFile}: ${(error as Error).message}`);
    }
  }

  const pollingBlock = fields.object("aws_polling");
  let polling: Polling | undefined;
  if (pollingBlock) {
    pollingBlock.rejectUnknown(["delay_seconds", "max_attempts"]);
    polling = {
      delayMs: (pollingBlock.integer("delay_seconds", { min: 0 }) ?? 2) * 1000,
      maxAttempts: pollingBlock.integer("max_attempts", { min: 1 }) ?? 40,
    };
  }

  const sshKeypairName = fields.string("ssh_keypair_name") || undefined;
  const sshPrivateKey = readKeyFile(fields, "ssh_private_key_file", templateRoot);
  const sshAgentAuth = fields.bool("ssh_agent_auth");
  if (sshKeypairName && !sshPrivateKey && !sshAgentAuth) {
    throw fields.error("ssh_keypair_name", `"ssh_keypair_name" needs "ssh_private_key_file" or "ssh_agent_auth = true"`);
  }

  const bastionHost = fields.string("ssh_bastion_host") || undefined;
  const bastion = bastionHost
    ? {
        host: bastionHost,
        port: fields.integer("ssh_bastion_port", { min: 1, max: 65535 }) ?? 22,
        username: fields.string("ssh_bastion_username") || "ec2-user",
        privateKey: readKeyFile(fields, "ssh_bastion_private_key_file", templateRoot),
        agentAuth: fields.bool("ssh_bastion_agent_auth"),
      }
    : undefined;

  const encryptBoot = fields.bool("encrypt_boot");
  const kmsKeyId = fields.string("kms_key_id") || undefined;
  if (kmsKeyId && !encryptBoot) throw fields.error("kms_key_id", `"kms_key_id" needs "encrypt_boot = true"`);
  if (fields.has("spot_instance_types")) {
    throw fields.error("spot_instance_types", `roll cannot run "spot_instance_types" yet (it needs an EC2 Fleet)`, 'set one "instance_type" and "spot_price" instead');
  }
  const spotPrice = fields.string("spot_price") || undefined;
  if (spotPrice && spotPrice !== "auto" && !/^\d+(\.\d+)?$/.test(spotPrice)) {
    throw fields.error("spot_price", `"spot_price" must be a price such as "0.05" or "auto", got "${spotPrice}"`);
  }

  return {
    sourceName: `${block.type}.${block.name}`,
    buildName: block.name,
    region: fields.string("region") || undefined,
    sourceAmi,
    sourceAmiFilter,
    sourceLocation: fields.location(),
    instanceType: fields.requiredString("instance_type"),
    subnetId: fields.string("subnet_id") || undefined,
    vpcId: fields.string("vpc_id") || undefined,
    associatePublicIpAddress: fields.has("associate_public_ip_address") ? fields.bool("associate_public_ip_address") : undefined,
    securityGroupIds,
    temporarySecurityGroupCidrs: fields.stringList("temporary_security_group_source_cidrs") ?? ["0.0.0.0/0"],
    communicator: fields.oneOf("communicator", ["ssh", "none"] as const, "ssh"),
    sshUsername: fields.string("ssh_username") || "ec2-user",
    sshPort: fields.integer("ssh_port", { min: 1, max: 65535 }) ?? 22,
    sshTimeoutMs: fields.duration("ssh_timeout") ?? 5 * 60_000,
    sshInterface: fields.has("ssh_interface")
      ? fields.oneOf("ssh_interface", ["public_ip", "private_ip", "public_dns", "private_dns"] as const, "public_ip")
      : undefined,
    sshKeepAliveMs: fields.duration("ssh_keep_alive_interval") ?? 5_000,
    sshAgentAuth,
    sshKeypairName,
    sshPrivateKey,
    bastion,
    temporaryKeyPairType: fields.oneOf("temporary_key_pair_type", ["rsa", "ed25519"] as const, "rsa"),
    userData: userDataText,
    runTags: fields.stringMap("run_tags") ?? {},
    tags: fields.stringMap("tags") ?? {},
    snapshotTags: fields.stringMap("snapshot_tags") ?? {},
    amiName,
    amiDescription: fields.string("ami_description") || undefined,
    amiRegions: [...new Set(fields.stringList("ami_regions") ?? [])],
    amiUsers: fields.stringList("ami_users") ?? [],
    forceDeregister: fields.bool("force_deregister"),
    forceDeleteSnapshot: fields.bool("force_delete_snapshot"),
    skipCreateAmi: fields.bool("skip_create_ami"),
    polling,
    launchBlockDevices: readBlockDevices(fields, "launch_block_device_mappings"),
    encryptBoot,
    kmsKeyId,
    iamInstanceProfile: fields.string("iam_instance_profile") || undefined,
    spotPrice,
    ignoredAccessFields,
  };
}
