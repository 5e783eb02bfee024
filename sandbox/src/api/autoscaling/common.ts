// Pieces shared by the Auto Scaling handlers: launch template specifications, pagination, renderers.

import type { Cloud } from "../../model/cloud.js";
import { findLaunchTemplate, resolveVersion } from "../../model/launch-templates.js";
import type { GroupRecord, InstanceRecord, LaunchTemplateRef } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";

/** Reads `<prefix>.LaunchTemplateId|LaunchTemplateName|Version` and checks the template and version exist. */
export function launchTemplateSpec(cloud: Cloud, region: string, params: FormParams): LaunchTemplateRef {
  const id = params.str("LaunchTemplateId");
  const name = params.str("LaunchTemplateName");
  const version = params.str("Version") ?? "$Default";
  if (id && name) throw new ApiError("ValidationError", "Valid requests must contain either launchTemplateId or LaunchTemplateName but not both.");
  if (!id && !name) throw new ApiError("ValidationError", "Valid requests must contain either launchTemplateId or LaunchTemplateName.");
  try {
    const lt = findLaunchTemplate(cloud, region, id, name);
    resolveVersion(lt, version);
    return { id: lt.id, name: lt.name, version };
  } catch (error) {
    throw new ApiError("ValidationError", `You must use a valid fully-formed launch template. ${(error as Error).message}`);
  }
}

export function templateXml(ref: LaunchTemplateRef): XmlValue {
  return { LaunchTemplateId: ref.id, LaunchTemplateName: ref.name, Version: ref.version };
}

export function groupArn(group: GroupRecord): string {
  return group.arn;
}

export function memberXml(instance: InstanceRecord, withGroup?: GroupRecord): XmlValue {
  const asg = instance.asg!;
  return {
    InstanceId: instance.id,
    InstanceType: instance.instanceType,
    AutoScalingGroupName: withGroup?.name,
    AvailabilityZone: instance.az,
    LifecycleState: asg.lifecycle,
    // DescribeAutoScalingInstances spells it HEALTHY/UNHEALTHY, DescribeAutoScalingGroups Healthy/Unhealthy.
    HealthStatus: withGroup ? asg.health.toUpperCase() : asg.health,
    LaunchTemplate: templateXml(asg.launchTemplate),
    ProtectedFromScaleIn: false,
  };
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function paginateRecords<T>(params: FormParams, items: T[], defaultMax: number, limit: number): Page<T> {
  const max = params.int("MaxRecords") ?? defaultMax;
  if (max < 1 || max > limit) throw new ApiError("ValidationError", `MaxRecords must be between 1 and ${limit}, got ${max}.`);
  const token = params.str("NextToken");
  let offset = 0;
  if (token !== undefined) {
    const text = Buffer.from(token, "base64url").toString("utf8");
    const decoded = /^offset:\d+$/.test(text) ? Number(text.slice(7)) : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new ApiError("InvalidNextToken", "The token provided is not valid.");
    offset = decoded;
  }
  const end = offset + max;
  return { items: items.slice(offset, end), nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString("base64url") : undefined };
}
