// EC2 launch templates: CreateLaunchTemplate, CreateLaunchTemplateVersion (SourceVersion inherits and
// the fields sent override), DescribeLaunchTemplates, DescribeLaunchTemplateVersions ($Latest,
// $Default, numbers, Min/MaxVersion), ModifyLaunchTemplate (SetDefaultVersion), DeleteLaunchTemplate.

import { newId } from "../../model/ids.js";
import { findLaunchTemplate, resolveVersion } from "../../model/launch-templates.js";
import type { LaunchTemplateData, LaunchTemplateRecord, LaunchTemplateVersionRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, filtersOf, paginate, tagSet, tagSpecs, validTag } from "./common.js";

const CREATED_BY = "arn:aws:iam::123456789012:root";

/** The fields of `LaunchTemplateData.*` that were sent (absent fields stay undefined). */
function dataOf(params: FormParams): LaunchTemplateData {
  const d = params.struct("LaunchTemplateData");
  const data: LaunchTemplateData = {};
  if (d.str("ImageId") !== undefined) data.imageId = d.str("ImageId");
  if (d.str("InstanceType") !== undefined) data.instanceType = d.str("InstanceType");
  if (d.str("KeyName") !== undefined) data.keyName = d.str("KeyName");
  if (d.str("UserData") !== undefined) data.userData = d.str("UserData");
  const sgIds = d.strings("SecurityGroupId");
  if (sgIds.length > 0) data.securityGroupIds = sgIds;
  const sgNames = d.strings("SecurityGroup");
  if (sgNames.length > 0) data.securityGroups = sgNames;
  const specs = d.list("TagSpecification").map((s) => ({
    resourceType: s.required("ResourceType"),
    tags: s.list("Tag").map((t) => validTag(t.required("Key"), t.raw("Value") ?? "")),
  }));
  if (specs.length > 0) data.tagSpecifications = specs;
  const mappings = d.list("BlockDeviceMapping").map((m) => ({
    deviceName: m.str("DeviceName"),
    volumeSize: m.struct("Ebs").int("VolumeSize"),
    volumeType: m.struct("Ebs").str("VolumeType"),
    snapshotId: m.struct("Ebs").str("SnapshotId"),
    deleteOnTermination: m.struct("Ebs").bool("DeleteOnTermination"),
    encrypted: m.struct("Ebs").bool("Encrypted"),
  }));
  if (mappings.length > 0) data.blockDeviceMappings = mappings;
  const nic = d.list("NetworkInterface")[0];
  if (nic && !data.securityGroupIds) {
    const ids = nic.strings("SecurityGroupId");
    if (ids.length > 0) data.securityGroupIds = ids;
  }
  if (nic?.str("SubnetId")) data.subnetId = nic.str("SubnetId");
  const market = d.struct("InstanceMarketOptions");
  if (market.str("MarketType") !== undefined) data.marketType = market.str("MarketType");
  if (market.struct("SpotOptions").str("MaxPrice") !== undefined) data.maxPrice = market.struct("SpotOptions").str("MaxPrice");
  if (d.struct("Placement").str("AvailabilityZone")) data.availabilityZone = d.struct("Placement").str("AvailabilityZone");
  return data;
}

function validateData(ctx: ApiContext, data: LaunchTemplateData): void {
  if (data.imageId !== undefined && !/^ami-[0-9a-f]{8,17}$/.test(data.imageId) && !data.imageId.startsWith("resolve:ssm:")) {
    throw new ApiError("InvalidAMIID.Malformed", `Invalid id: "${data.imageId}" (expecting "ami-...")`);
  }
  if (data.userData !== undefined && !/^[A-Za-z0-9+/=\s]*$/.test(data.userData)) {
    throw new ApiError("InvalidUserData.Malformed", "User data must be base64 encoded.");
  }
  void ctx;
}

function validateName(name: string): void {
  if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) {
    throw new ApiError(
      "InvalidLaunchTemplateName.MalformedException",
      `A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.`,
    );
  }
}

function templateXml(lt: LaunchTemplateRecord): XmlValue {
  return {
    launchTemplateId: lt.id,
    launchTemplateName: lt.name,
    createTime: new Date(lt.createTime),
    createdBy: CREATED_BY,
    defaultVersionNumber: lt.defaultVersion,
    latestVersionNumber: lt.latestVersion,
    tagSet: lt.tags.length > 0 ? tagSet(lt.tags) : undefined,
  };
}

function dataXml(data: LaunchTemplateData): XmlValue {
  return {
    imageId: data.imageId,
    instanceType: data.instanceType,
    keyName: data.keyName,
    userData: data.userData,
    securityGroupIdSet: data.securityGroupIds,
    securityGroupSet: data.securityGroups,
    tagSpecificationSet: data.tagSpecifications?.map((s) => ({ resourceType: s.resourceType, tagSet: tagSet(s.tags) })),
    instanceMarketOptions: data.marketType ? { marketType: data.marketType, spotOptions: data.maxPrice ? { maxPrice: data.maxPrice } : undefined } : undefined,
    placement: data.availabilityZone ? { availabilityZone: data.availabilityZone } : undefined,
    networkInterfaceSet: data.subnetId ? [{ deviceIndex: 0, subnetId: data.subnetId }] : undefined,
    blockDeviceMappingSet: data.blockDeviceMappings?.map((m) => ({
      deviceName: m.deviceName,
      ebs: { volumeSize: m.volumeSize, volumeType: m.volumeType, snapshotId: m.snapshotId, deleteOnTermination: m.deleteOnTermination, encrypted: m.encrypted },
    })),
  };
}

function versionXml(lt: LaunchTemplateRecord, v: LaunchTemplateVersionRecord): XmlValue {
  return {
    launchTemplateId: lt.id,
    launchTemplateName: lt.name,
    versionNumber: v.number,
    versionDescription: v.description,
    createTime: new Date(v.createTime),
    createdBy: CREATED_BY,
    defaultVersion: v.number === lt.defaultVersion,
    launchTemplateData: dataXml(v.data),
  };
}

const createLaunchTemplate: Ec2Handler = (ctx) => {
  const name = ctx.params.required("LaunchTemplateName");
  validateName(name);
  if (!ctx.params.has("LaunchTemplateData")) throw new ApiError("MissingParameter", "The request must contain the parameter LaunchTemplateData");
  if (Object.values(ctx.cloud.state.launchTemplates).some((lt) => lt.region === ctx.region && lt.name === name)) {
    throw new ApiError("InvalidLaunchTemplateName.AlreadyExistsException", `Launch template name already in use.`);
  }
  const data = dataOf(ctx.params);
  validateData(ctx, data);
  const now = ctx.cloud.now();
  const lt: LaunchTemplateRecord = {
    id: newId.launchTemplate(),
    region: ctx.region,
    name,
    createTime: now,
    defaultVersion: 1,
    latestVersion: 1,
    versions: [{ number: 1, description: ctx.params.str("VersionDescription"), createTime: now, data }],
    tags: tagSpecs(ctx.params, "launch-template"),
  };
  ctx.cloud.state.launchTemplates[lt.id] = lt;
  ctx.cloud.changed();
  return { launchTemplate: templateXml(lt) };
};

const createLaunchTemplateVersion: Ec2Handler = (ctx) => {
  const lt = findLaunchTemplate(ctx.cloud, ctx.region, ctx.params.str("LaunchTemplateId"), ctx.params.str("LaunchTemplateName"));
  if (!ctx.params.has("LaunchTemplateData")) throw new ApiError("MissingParameter", "The request must contain the parameter LaunchTemplateData");
  const sent = dataOf(ctx.params);
  validateData(ctx, sent);
  const sourceVersion = ctx.params.str("SourceVersion");
  const base = sourceVersion !== undefined ? structuredClone(resolveVersion(lt, sourceVersion).data) : {};
  const data: LaunchTemplateData = { ...base, ...sent };
  const version: LaunchTemplateVersionRecord = {
    number: lt.latestVersion + 1,
    description: ctx.params.str("VersionDescription"),
    createTime: ctx.cloud.now(),
    data,
  };
  lt.versions.push(version);
  lt.latestVersion = version.number;
  ctx.cloud.changed();
  return { launchTemplateVersion: versionXml(lt, version) };
};

const LT_FILTERS = {
  "launch-template-name": (lt: LaunchTemplateRecord) => lt.name,
  "create-time": (lt: LaunchTemplateRecord) => new Date(lt.createTime).toISOString(),
};

const describeLaunchTemplates: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("LaunchTemplateId");
  const names = ctx.params.strings("LaunchTemplateName");
  const explicit = [...ids.map((id) => findLaunchTemplate(ctx.cloud, ctx.region, id, undefined)), ...names.map((n) => findLaunchTemplate(ctx.cloud, ctx.region, undefined, n))];
  const pool = explicit.length > 0 ? [...new Set(explicit)] : Object.values(ctx.cloud.state.launchTemplates).filter((lt) => lt.region === ctx.region);
  const templates = applyFilters(pool, filtersOf(ctx.params), LT_FILTERS, (lt) => lt.tags).sort((a, b) => a.createTime - b.createTime);
  const page = paginate(ctx.params, templates, { min: 1, max: 200 }, explicit.length > 0);
  return { launchTemplates: page.items.map(templateXml), nextToken: page.nextToken };
};

const VERSION_FILTERS = {
  "image-id": (v: LaunchTemplateVersionRecord) => v.data.imageId,
  "instance-type": (v: LaunchTemplateVersionRecord) => v.data.instanceType,
  "key-name": (v: LaunchTemplateVersionRecord) => v.data.keyName,
  "is-default-version": () => undefined,
};

const describeLaunchTemplateVersions: Ec2Handler = (ctx) => {
  const lt = findLaunchTemplate(ctx.cloud, ctx.region, ctx.params.str("LaunchTemplateId"), ctx.params.str("LaunchTemplateName"));
  const wanted = ctx.params.strings("LaunchTemplateVersion");
  let versions: LaunchTemplateVersionRecord[];
  if (wanted.length > 0) {
    versions = [...new Set(wanted.map((w) => resolveVersion(lt, w)))];
  } else {
    const min = ctx.params.str("MinVersion");
    const max = ctx.params.str("MaxVersion");
    const minNumber = min === undefined ? 0 : resolveVersion(lt, min).number;
    const maxNumber = max === undefined ? Infinity : resolveVersion(lt, max).number;
    versions = lt.versions.filter((v) => v.number >= minNumber && v.number <= maxNumber);
  }
  const filters = filtersOf(ctx.params);
  const isDefault = filters.find((f) => f.name === "is-default-version");
  let selected = applyFilters(versions, filters.filter((f) => f !== isDefault), VERSION_FILTERS, () => []);
  if (isDefault) selected = selected.filter((v) => isDefault.values.includes(String(v.number === lt.defaultVersion)));
  selected.sort((a, b) => b.number - a.number);
  const page = paginate(ctx.params, selected, { min: 1, max: 200 }, false);
  return { launchTemplateVersionSet: page.items.map((v) => versionXml(lt, v)), nextToken: page.nextToken };
};

const modifyLaunchTemplate: Ec2Handler = (ctx) => {
  const lt = findLaunchTemplate(ctx.cloud, ctx.region, ctx.params.str("LaunchTemplateId"), ctx.params.str("LaunchTemplateName"));
  const setDefault = ctx.params.str("SetDefaultVersion");
  if (setDefault !== undefined) {
    lt.defaultVersion = resolveVersion(lt, setDefault === "$Default" ? undefined : setDefault).number;
    ctx.cloud.changed();
  }
  return { launchTemplate: templateXml(lt) };
};

const deleteLaunchTemplate: Ec2Handler = (ctx) => {
  const lt = findLaunchTemplate(ctx.cloud, ctx.region, ctx.params.str("LaunchTemplateId"), ctx.params.str("LaunchTemplateName"));
  delete ctx.cloud.state.launchTemplates[lt.id];
  ctx.cloud.changed();
  return { launchTemplate: templateXml(lt) };
};

export const launchTemplateHandlers: Record<string, Ec2Handler> = {
  CreateLaunchTemplate: createLaunchTemplate,
  CreateLaunchTemplateVersion: createLaunchTemplateVersion,
  DescribeLaunchTemplates: describeLaunchTemplates,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  ModifyLaunchTemplate: modifyLaunchTemplate,
  DeleteLaunchTemplate: deleteLaunchTemplate,
};

