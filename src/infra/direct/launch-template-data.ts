// Launch-template data in the two shapes the applier meets: the desired data from the stack, and the
// data of an existing version as the EC2 API returns it. Both are brought to one canonical form so
// "does the latest version already say this?" is a plain comparison. Only the fields a stack can set
// are compared.

import type { RequestLaunchTemplateData, ResponseLaunchTemplateData, ResourceType } from "@aws-sdk/client-ec2";
import type { LaunchTemplateData } from "./stack-spec.js";

export function toRequestData(data: LaunchTemplateData): RequestLaunchTemplateData {
  return {
    ImageId: data.imageId,
    InstanceType: data.instanceType as RequestLaunchTemplateData["InstanceType"],
    UserData: data.userData,
    SecurityGroupIds: nonEmpty(data.securityGroupIds),
    IamInstanceProfile: data.iamInstanceProfile && { Name: data.iamInstanceProfile.name, Arn: data.iamInstanceProfile.arn },
    TagSpecifications: nonEmpty(
      data.tagSpecifications?.map((spec) => ({
        ResourceType: spec.resourceType as ResourceType,
        Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
      })),
    ),
  };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function blank(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function sortedTags(tags: Record<string, string>): [string, string][] {
  return Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A canonical, order-independent text of the fields roll manages. */
export function canonicalData(data: LaunchTemplateData): string {
  const profile = data.iamInstanceProfile && {
    name: blank(data.iamInstanceProfile.name),
    arn: blank(data.iamInstanceProfile.arn),
  };
  return JSON.stringify({
    imageId: data.imageId,
    instanceType: blank(data.instanceType),
    userData: blank(data.userData),
    securityGroupIds: nonEmpty([...(data.securityGroupIds ?? [])].sort()),
    iamInstanceProfile: profile && (profile.name || profile.arn) ? profile : undefined,
    tagSpecifications: nonEmpty(
      [...(data.tagSpecifications ?? [])]
        .filter((spec) => Object.keys(spec.tags).length > 0)
        .sort((a, b) => (a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : 0))
        .map((spec) => [spec.resourceType, sortedTags(spec.tags)]),
    ),
  });
}

export function fromResponseData(data: ResponseLaunchTemplateData | undefined): LaunchTemplateData {
  return {
    imageId: data?.ImageId ?? "",
    instanceType: data?.InstanceType,
    userData: data?.UserData,
    securityGroupIds: data?.SecurityGroupIds,
    iamInstanceProfile: data?.IamInstanceProfile && { name: data.IamInstanceProfile.Name, arn: data.IamInstanceProfile.Arn },
    tagSpecifications: data?.TagSpecifications?.map((spec) => ({
      resourceType: spec.ResourceType ?? "",
      tags: Object.fromEntries((spec.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
    })),
  };
}

/** Terraform names of the fields that differ, for plan output. */
export function changedFields(desired: LaunchTemplateData, current: LaunchTemplateData): string[] {
  const fields: [string, (data: LaunchTemplateData) => unknown][] = [
    ["image_id", (d) => d.imageId],
    ["instance_type", (d) => blank(d.instanceType)],
    ["user_data", (d) => blank(d.userData)],
    ["vpc_security_group_ids", (d) => nonEmpty([...(d.securityGroupIds ?? [])].sort())],
    ["iam_instance_profile", (d) => JSON.parse(canonicalData({ imageId: "", iamInstanceProfile: d.iamInstanceProfile })).iamInstanceProfile],
    ["tag_specifications", (d) => JSON.parse(canonicalData({ imageId: "", tagSpecifications: d.tagSpecifications })).tagSpecifications],
  ];
  return fields
    .filter(([, pick]) => JSON.stringify(pick(desired)) !== JSON.stringify(pick(current)))
    .map(([name]) => name);
}
