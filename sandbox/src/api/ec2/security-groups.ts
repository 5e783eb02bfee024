// EC2 security groups: CreateSecurityGroup, DescribeSecurityGroups, AuthorizeSecurityGroupIngress,
// RevokeSecurityGroupIngress, DeleteSecurityGroup (DependencyViolation while an instance uses it).
// Rules are recorded, not enforced: every instance is reachable on its loopback address.

import { ACCOUNT_ID, newId } from "../../model/ids.js";
import { defaultVpc } from "../../model/network.js";
import type { IpPermission, SecurityGroupRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, checkIdFormat, filtersOf, tagSet, tagSpecs } from "./common.js";

function findGroup(ctx: ApiContext, id: string | undefined, name: string | undefined): SecurityGroupRecord {
  if (!id && !name) throw new ApiError("MissingParameter", "The request must contain the parameter groupName or groupId");
  if (id) checkIdFormat(id, "sg", "InvalidGroupId.Malformed");
  const vpcId = defaultVpc(ctx.region).id;
  const group = Object.values(ctx.cloud.state.securityGroups).find(
    (g) => g.region === ctx.region && (id ? g.id === id : g.name === name && g.vpcId === vpcId),
  );
  if (!group) {
    throw new ApiError("InvalidGroup.NotFound", id ? `The security group '${id}' does not exist` : `The security group '${name}' does not exist in default VPC '${vpcId}'`);
  }
  return group;
}

const createSecurityGroup: Ec2Handler = (ctx) => {
  const name = ctx.params.required("GroupName");
  const description = ctx.params.required("GroupDescription");
  const vpcId = ctx.params.str("VpcId") ?? defaultVpc(ctx.region).id;
  if (vpcId !== defaultVpc(ctx.region).id) throw new ApiError("InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
  if (name.length > 255 || name.toLowerCase().startsWith("sg-")) {
    throw new ApiError("InvalidParameterValue", `Invalid value '${name}' for groupName. It must not start with sg- and be at most 255 characters.`);
  }
  if (name === "default") throw new ApiError("InvalidGroup.Reserved", "The security group 'default' is reserved");
  if (Object.values(ctx.cloud.state.securityGroups).some((g) => g.region === ctx.region && g.vpcId === vpcId && g.name === name)) {
    throw new ApiError("InvalidGroup.Duplicate", `The security group '${name}' already exists for VPC '${vpcId}'`);
  }
  const tags = tagSpecs(ctx.params, "security-group");
  const group: SecurityGroupRecord = {
    id: newId.securityGroup(),
    region: ctx.region,
    name,
    description,
    vpcId,
    ingress: [],
    egress: [{ ipProtocol: "-1", ipRanges: [{ cidrIp: "0.0.0.0/0" }], groups: [], ruleIds: [newId.securityGroupRule()] }],
    tags,
  };
  ctx.cloud.state.securityGroups[group.id] = group;
  ctx.cloud.changed();
  return { return: true, groupId: group.id, tagSet: tags.length > 0 ? tagSet(tags) : undefined };
};

function permissionXml(p: IpPermission): XmlValue {
  return {
    ipProtocol: p.ipProtocol,
    fromPort: p.fromPort,
    toPort: p.toPort,
    groups: p.groups.map((g) => ({ groupId: g.groupId, userId: ACCOUNT_ID, description: g.description })),
    ipRanges: p.ipRanges.map((r) => ({ cidrIp: r.cidrIp, description: r.description })),
    ipv6Ranges: [],
    prefixListIds: [],
  };
}

function groupXml(g: SecurityGroupRecord): XmlValue {
  return {
    ownerId: ACCOUNT_ID,
    groupId: g.id,
    groupName: g.name,
    groupDescription: g.description,
    vpcId: g.vpcId,
    ipPermissions: g.ingress.map(permissionXml),
    ipPermissionsEgress: g.egress.map(permissionXml),
    tagSet: g.tags.length > 0 ? tagSet(g.tags) : undefined,
  };
}

const SG_FILTERS = {
  "group-id": (g: SecurityGroupRecord) => g.id,
  "group-name": (g: SecurityGroupRecord) => g.name,
  "vpc-id": (g: SecurityGroupRecord) => g.vpcId,
  description: (g: SecurityGroupRecord) => g.description,
  "owner-id": () => ACCOUNT_ID,
  "ip-permission.from-port": (g: SecurityGroupRecord) => g.ingress.map((p) => String(p.fromPort ?? "")),
  "ip-permission.to-port": (g: SecurityGroupRecord) => g.ingress.map((p) => String(p.toPort ?? "")),
  "ip-permission.protocol": (g: SecurityGroupRecord) => g.ingress.map((p) => p.ipProtocol),
  "ip-permission.cidr": (g: SecurityGroupRecord) => g.ingress.flatMap((p) => p.ipRanges.map((r) => r.cidrIp)),
};

const describeSecurityGroups: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("GroupId");
  const names = ctx.params.strings("GroupName");
  const selected = [
    ...ids.map((id) => findGroup(ctx, id, undefined)),
    ...names.map((name) => findGroup(ctx, undefined, name)),
  ];
  const pool = ids.length > 0 || names.length > 0 ? [...new Set(selected)] : Object.values(ctx.cloud.state.securityGroups).filter((g) => g.region === ctx.region);
  const groups = applyFilters(pool, filtersOf(ctx.params), SG_FILTERS, (g) => g.tags);
  return { securityGroupInfo: groups.map(groupXml) };
};

function permissionsOf(ctx: ApiContext, params: FormParams): IpPermission[] {
  const list = params.list("IpPermissions").map((p) => {
    const protocol = p.required("IpProtocol");
    return {
      ipProtocol: protocol === "-1" || protocol.toLowerCase() === "all" ? "-1" : protocol.toLowerCase(),
      fromPort: p.int("FromPort"),
      toPort: p.int("ToPort"),
      ipRanges: p.list("IpRanges").map((r) => ({ cidrIp: r.required("CidrIp"), description: r.str("Description") })),
      groups: p.list("Groups").map((g) => ({ groupId: findGroup(ctx, g.str("GroupId"), g.str("GroupName")).id, description: g.str("Description") })),
      ruleIds: [],
    };
  });
  // The older flat form: IpProtocol, FromPort, ToPort, CidrIp.
  const protocol = params.str("IpProtocol");
  if (protocol) {
    list.push({
      ipProtocol: protocol === "-1" ? "-1" : protocol.toLowerCase(),
      fromPort: params.int("FromPort"),
      toPort: params.int("ToPort"),
      ipRanges: params.str("CidrIp") ? [{ cidrIp: params.str("CidrIp")!, description: undefined }] : [],
      groups: [],
      ruleIds: [],
    });
  }
  if (list.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter ipPermissions");
  for (const p of list) {
    if (!["tcp", "udp", "icmp", "-1"].includes(p.ipProtocol) && !/^\d+$/.test(p.ipProtocol)) {
      throw new ApiError("InvalidParameterValue", `Invalid value '${p.ipProtocol}' for IP protocol. Unknown protocol.`);
    }
    for (const r of p.ipRanges) {
      if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(r.cidrIp)) throw new ApiError("InvalidParameterValue", `CIDR block ${r.cidrIp} is malformed`);
    }
  }
  return list;
}

function samePorts(a: IpPermission, b: IpPermission): boolean {
  return a.ipProtocol === b.ipProtocol && a.fromPort === b.fromPort && a.toPort === b.toPort;
}

const authorizeIngress: Ec2Handler = (ctx) => {
  const group = findGroup(ctx, ctx.params.str("GroupId"), ctx.params.str("GroupName"));
  const added: { ruleId: string; p: IpPermission; cidr?: string; source?: string }[] = [];
  for (const p of permissionsOf(ctx, ctx.params)) {
    let existing = group.ingress.find((e) => samePorts(e, p));
    if (!existing) {
      existing = { ipProtocol: p.ipProtocol, fromPort: p.fromPort, toPort: p.toPort, ipRanges: [], groups: [], ruleIds: [] };
      group.ingress.push(existing);
    }
    for (const r of p.ipRanges) {
      if (existing.ipRanges.some((e) => e.cidrIp === r.cidrIp)) {
        throw new ApiError("InvalidPermission.Duplicate", `the specified rule "peer: ${r.cidrIp}, ${p.ipProtocol.toUpperCase()}, from port: ${p.fromPort}, to port: ${p.toPort}, ALLOW" already exists`);
      }
      existing.ipRanges.push(r);
      const ruleId = newId.securityGroupRule();
      existing.ruleIds.push(ruleId);
      added.push({ ruleId, p, cidr: r.cidrIp });
    }
    for (const g of p.groups) {
      if (existing.groups.some((e) => e.groupId === g.groupId)) {
        throw new ApiError("InvalidPermission.Duplicate", `the specified rule "peer: ${g.groupId}, ${p.ipProtocol.toUpperCase()}, ALLOW" already exists`);
      }
      existing.groups.push(g);
      const ruleId = newId.securityGroupRule();
      existing.ruleIds.push(ruleId);
      added.push({ ruleId, p, source: g.groupId });
    }
  }
  ctx.cloud.changed();
  return {
    return: true,
    securityGroupRuleSet: added.map((a) => ({
      securityGroupRuleId: a.ruleId,
      groupId: group.id,
      groupOwnerId: ACCOUNT_ID,
      isEgress: false,
      ipProtocol: a.p.ipProtocol,
      fromPort: a.p.fromPort ?? -1,
      toPort: a.p.toPort ?? -1,
      cidrIpv4: a.cidr,
      referencedGroupInfo: a.source ? { groupId: a.source, userId: ACCOUNT_ID } : undefined,
    })),
  };
};

const revokeIngress: Ec2Handler = (ctx) => {
  const group = findGroup(ctx, ctx.params.str("GroupId"), ctx.params.str("GroupName"));
  for (const p of permissionsOf(ctx, ctx.params)) {
    const existing = group.ingress.find((e) => samePorts(e, p));
    if (!existing) throw new ApiError("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
    existing.ipRanges = existing.ipRanges.filter((r) => !p.ipRanges.some((x) => x.cidrIp === r.cidrIp));
    existing.groups = existing.groups.filter((g) => !p.groups.some((x) => x.groupId === g.groupId));
    if (existing.ipRanges.length === 0 && existing.groups.length === 0) group.ingress = group.ingress.filter((e) => e !== existing);
  }
  ctx.cloud.changed();
  return { return: true };
};

const deleteSecurityGroup: Ec2Handler = (ctx) => {
  const group = findGroup(ctx, ctx.params.str("GroupId"), ctx.params.str("GroupName"));
  if (group.name === "default") throw new ApiError("CannotDelete", `the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
  const user = Object.values(ctx.cloud.state.instances).find((i) => i.state !== "terminated" && i.securityGroupIds.includes(group.id));
  if (user) throw new ApiError("DependencyViolation", `resource ${group.id} has a dependent object`);
  const referencing = Object.values(ctx.cloud.state.securityGroups).find((g) => g.id !== group.id && g.ingress.some((p) => p.groups.some((x) => x.groupId === group.id)));
  if (referencing) throw new ApiError("DependencyViolation", `resource ${group.id} has a dependent object`);
  delete ctx.cloud.state.securityGroups[group.id];
  ctx.cloud.changed();
  return { return: true, groupId: group.id };
};

export const securityGroupHandlers: Record<string, Ec2Handler> = {
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  AuthorizeSecurityGroupIngress: authorizeIngress,
  RevokeSecurityGroupIngress: revokeIngress,
  DeleteSecurityGroup: deleteSecurityGroup,
};
