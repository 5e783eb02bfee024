// Reads the resources the direct applier understands out of the synthesized Terraform JSON. Anything it
// does not understand (another resource type, a data source, an unknown attribute, an expression other
// than a reference to a launch template) is refused up front: applying part of a stack silently would
// leave the cloud different from what the user wrote.

import { userError } from "../../engine/errors.js";
import type { SynthesizedStack, TerraformJson } from "../../stack/synthesized.js";

export interface TagSpecification {
  resourceType: string;
  tags: Record<string, string>;
}

export interface LaunchTemplateData {
  imageId: string;
  instanceType?: string;
  /** Base64, as in the launch template API. */
  userData?: string;
  securityGroupIds?: string[];
  iamInstanceProfile?: { name?: string; arn?: string };
  tagSpecifications?: TagSpecification[];
}

export interface LaunchTemplateSpec {
  address: string;
  name: string;
  data: LaunchTemplateData;
  tags: Record<string, string>;
}

export interface GroupTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

export interface GroupSpec {
  address: string;
  name: string;
  launchTemplate: { address: string; version: number | "latest" };
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
  availabilityZones?: string[];
  subnetIds?: string[];
  targetGroupArns?: string[];
  healthCheckType?: string;
  healthCheckGracePeriod?: number;
  tags: GroupTag[];
  /** Terraform's wait_for_capacity_timeout in milliseconds; 0 = do not wait. */
  waitForCapacityTimeoutMs: number;
}

export interface StackSpec {
  launchTemplates: LaunchTemplateSpec[];
  groups: GroupSpec[];
}

const SUPPORTED_TYPES = new Set(["aws_launch_template", "aws_autoscaling_group"]);
const META_KEYS = new Set(["//", "depends_on", "lifecycle", "provider"]);
const TEMPLATE_KEYS = new Set([
  "name",
  "image_id",
  "instance_type",
  "user_data",
  "vpc_security_group_ids",
  "iam_instance_profile",
  "tags",
  "tag_specifications",
]);
const GROUP_KEYS = new Set([
  "name",
  "launch_template",
  "min_size",
  "max_size",
  "desired_capacity",
  "availability_zones",
  "vpc_zone_identifier",
  "target_group_arns",
  "health_check_type",
  "health_check_grace_period",
  "tag",
  "wait_for_capacity_timeout",
]);
const TEMPLATE_REFERENCE = /^\$\{aws_launch_template\.([^.}]+)\.(id|latest_version)\}$/;

function refuse(stack: SynthesizedStack, what: string): never {
  throw userError(
    "direct-apply-unsupported",
    `the direct applier cannot apply ${what}`,
    { file: `stacks/${stack.app}.ts` },
    "the direct applier handles launch templates and Auto Scaling groups with literal values; apply other stacks with terraform or tofu",
  );
}

function literal(stack: SynthesizedStack, address: string, key: string, value: unknown): unknown {
  if (JSON.stringify(value)?.includes("${")) refuse(stack, `the expression in ${address}.${key}`);
  return value;
}

function str(stack: SynthesizedStack, address: string, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") refuse(stack, `${address}.${key} = ${JSON.stringify(value)} (expected a string)`);
  return literal(stack, address, key, value) as string;
}

function num(stack: SynthesizedStack, address: string, key: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof parsed !== "number" || !Number.isInteger(parsed)) refuse(stack, `${address}.${key} = ${JSON.stringify(value)}`);
  return parsed;
}

function strings(stack: SynthesizedStack, address: string, key: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    refuse(stack, `${address}.${key} = ${JSON.stringify(value)} (expected a list of strings)`);
  }
  return literal(stack, address, key, value) as string[];
}

function tagMap(stack: SynthesizedStack, address: string, key: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  literal(stack, address, key, value);
  if (typeof value !== "object" || Array.isArray(value) || Object.values(value).some((v) => typeof v !== "string")) {
    refuse(stack, `${address}.${key} = ${JSON.stringify(value)} (expected a map of strings)`);
  }
  return value as Record<string, string>;
}

/** Terraform blocks may be written as one object or a list of them. */
function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
}

function checkKeys(stack: SynthesizedStack, address: string, body: Record<string, unknown>, known: Set<string>): void {
  for (const key of Object.keys(body)) {
    if (!known.has(key) && !META_KEYS.has(key)) refuse(stack, `the attribute ${address}.${key}`);
  }
}

/** Parses Terraform durations such as "10m", "90s", "1h30m", "0". */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === "") return undefined;
  const [, h = "0", m = "0", s = "0"] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

function readTemplate(stack: SynthesizedStack, id: string, body: Record<string, unknown>): LaunchTemplateSpec {
  const address = `aws_launch_template.${id}`;
  checkKeys(stack, address, body, TEMPLATE_KEYS);
  const name = str(stack, address, "name", body.name);
  const imageId = str(stack, address, "image_id", body.image_id);
  if (!name) refuse(stack, `${address} without a literal name (resources are found by name)`);
  if (!imageId) refuse(stack, `${address} without an image_id`);
  const profile = blocks(body.iam_instance_profile)[0];
  const data: LaunchTemplateData = {
    imageId,
    instanceType: str(stack, address, "instance_type", body.instance_type),
    userData: str(stack, address, "user_data", body.user_data),
    securityGroupIds: strings(stack, address, "vpc_security_group_ids", body.vpc_security_group_ids),
    iamInstanceProfile: profile && {
      name: str(stack, address, "iam_instance_profile.name", profile.name),
      arn: str(stack, address, "iam_instance_profile.arn", profile.arn),
    },
    tagSpecifications: blocks(body.tag_specifications).map((spec) => ({
      resourceType: str(stack, address, "tag_specifications.resource_type", spec.resource_type) ?? refuse(stack, `${address}.tag_specifications without resource_type`),
      tags: tagMap(stack, address, "tag_specifications.tags", spec.tags),
    })),
  };
  return { address, name, data, tags: tagMap(stack, address, "tags", body.tags) };
}

function readGroup(stack: SynthesizedStack, id: string, body: Record<string, unknown>): GroupSpec {
  const address = `aws_autoscaling_group.${id}`;
  checkKeys(stack, address, body, GROUP_KEYS);
  const name = str(stack, address, "name", body.name);
  if (!name) refuse(stack, `${address} without a literal name (resources are found by name)`);
  const launchTemplate = blocks(body.launch_template)[0] ?? refuse(stack, `${address} without a launch_template`);
  const idRef = typeof launchTemplate.id === "string" ? TEMPLATE_REFERENCE.exec(launchTemplate.id) : null;
  if (!idRef || idRef[2] !== "id") refuse(stack, `${address}.launch_template.id = ${JSON.stringify(launchTemplate.id)}`);
  const templateAddress = `aws_launch_template.${idRef[1]}`;
  const versionRef = typeof launchTemplate.version === "string" ? TEMPLATE_REFERENCE.exec(launchTemplate.version) : null;
  let version: number | "latest";
  if (versionRef && versionRef[2] === "latest_version" && `aws_launch_template.${versionRef[1]}` === templateAddress) {
    version = "latest";
  } else if (typeof launchTemplate.version === "string" && /^[1-9]\d*$/.test(launchTemplate.version)) {
    version = Number(launchTemplate.version);
  } else {
    // `$Latest`, `$Default` or anything else: the group must be pinned to a number (see AsgService).
    refuse(stack, `${address}.launch_template.version = ${JSON.stringify(launchTemplate.version)} (pin an explicit version number)`);
  }
  const timeoutText = str(stack, address, "wait_for_capacity_timeout", body.wait_for_capacity_timeout) ?? "10m";
  const waitForCapacityTimeoutMs = parseDuration(timeoutText) ?? refuse(stack, `${address}.wait_for_capacity_timeout = "${timeoutText}"`);
  return {
    address,
    name,
    launchTemplate: { address: templateAddress, version },
    minSize: num(stack, address, "min_size", body.min_size) ?? refuse(stack, `${address} without min_size`),
    maxSize: num(stack, address, "max_size", body.max_size) ?? refuse(stack, `${address} without max_size`),
    desiredCapacity: num(stack, address, "desired_capacity", body.desired_capacity),
    availabilityZones: strings(stack, address, "availability_zones", body.availability_zones),
    subnetIds: strings(stack, address, "vpc_zone_identifier", body.vpc_zone_identifier),
    targetGroupArns: strings(stack, address, "target_group_arns", body.target_group_arns),
    healthCheckType: str(stack, address, "health_check_type", body.health_check_type),
    healthCheckGracePeriod: num(stack, address, "health_check_grace_period", body.health_check_grace_period),
    tags: blocks(body.tag).map((tag) => ({
      key: str(stack, address, "tag.key", tag.key) ?? refuse(stack, `${address}.tag without key`),
      value: str(stack, address, "tag.value", tag.value) ?? "",
      propagateAtLaunch: tag.propagate_at_launch === true || tag.propagate_at_launch === "true",
    })),
    waitForCapacityTimeoutMs,
  };
}

export function readStackSpec(stack: SynthesizedStack): StackSpec {
  const json: TerraformJson = stack.json;
  if (json.data && Object.keys(json.data).length > 0) refuse(stack, `data sources (${Object.keys(json.data).join(", ")})`);
  for (const type of Object.keys(json.resource ?? {})) {
    if (!SUPPORTED_TYPES.has(type)) refuse(stack, `resources of type ${type}`);
  }
  const templates = Object.entries(json.resource?.aws_launch_template ?? {}).map(([id, body]) => readTemplate(stack, id, body));
  const groups = Object.entries(json.resource?.aws_autoscaling_group ?? {}).map(([id, body]) => readGroup(stack, id, body));
  for (const group of groups) {
    if (!templates.some((template) => template.address === group.launchTemplate.address)) {
      refuse(stack, `${group.address}: it references ${group.launchTemplate.address}, which is not in the stack`);
    }
  }
  return { launchTemplates: templates, groups };
}
