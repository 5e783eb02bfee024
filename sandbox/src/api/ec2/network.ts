// EC2 regions and the default network: DescribeRegions, DescribeAvailabilityZones, DescribeVpcs,
// DescribeSubnets, DescribeAccountAttributes.

import { ACCOUNT_ID } from "../../model/ids.js";
import { defaultSubnets, defaultVpc, REGIONS, zonesOf, type SubnetInfo, type VpcInfo, type ZoneInfo } from "../../model/network.js";
import { ApiError } from "../../wire/errors.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, filtersOf, paginate, tagSet } from "./common.js";

const describeRegions: Ec2Handler = (ctx) => {
  const names = ctx.params.strings("RegionName");
  for (const name of names) if (!REGIONS.includes(name)) throw new ApiError("InvalidParameterValue", `Invalid region: ${name}`);
  const pool = names.length > 0 ? REGIONS.filter((r) => names.includes(r)) : REGIONS;
  const regions = applyFilters(pool, filtersOf(ctx.params), {
    "region-name": (r: string) => r,
    endpoint: (r: string) => `ec2.${r}.amazonaws.com`,
    "opt-in-status": () => "opt-in-not-required",
  }, () => []);
  return { regionInfo: regions.map((r) => ({ regionName: r, regionEndpoint: `ec2.${r}.amazonaws.com`, optInStatus: "opt-in-not-required" })) };
};

const describeAvailabilityZones: Ec2Handler = (ctx) => {
  const names = ctx.params.strings("ZoneName");
  const ids = ctx.params.strings("ZoneId");
  const all = zonesOf(ctx.region);
  for (const n of names) if (!all.some((z) => z.name === n)) throw new ApiError("InvalidParameterValue", `Invalid availability zone: [${n}]`);
  const pool = all.filter((z) => (names.length === 0 || names.includes(z.name)) && (ids.length === 0 || ids.includes(z.id)));
  const zones = applyFilters(pool, filtersOf(ctx.params), {
    "zone-name": (z: ZoneInfo) => z.name,
    "zone-id": (z: ZoneInfo) => z.id,
    "region-name": (z: ZoneInfo) => z.region,
    state: () => "available",
    "zone-type": () => "availability-zone",
    "opt-in-status": () => "opt-in-not-required",
  }, () => []);
  return {
    availabilityZoneInfo: zones.map((z) => ({
      zoneName: z.name,
      zoneState: "available",
      regionName: z.region,
      zoneId: z.id,
      messageSet: [],
      optInStatus: "opt-in-not-required",
      groupName: z.region,
      networkBorderGroup: z.region,
      zoneType: "availability-zone",
    })),
  };
};

function networkTags(ctx: ApiContext, id: string) {
  return ctx.cloud.state.networkTags[id] ?? [];
}

const describeVpcs: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("VpcId");
  const vpc = defaultVpc(ctx.region);
  for (const id of ids) if (id !== vpc.id) throw new ApiError("InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`);
  const vpcs = applyFilters([vpc], filtersOf(ctx.params), {
    "vpc-id": (v: VpcInfo) => v.id,
    "is-default": () => "true",
    "cidr-block": (v: VpcInfo) => v.cidr,
    cidr: (v: VpcInfo) => v.cidr,
    state: () => "available",
    "owner-id": () => ACCOUNT_ID,
  }, (v) => networkTags(ctx, v.id));
  const page = paginate(ctx.params, vpcs, { min: 5, max: 1000 }, ids.length > 0);
  return {
    vpcSet: page.items.map((v) => ({
      vpcId: v.id,
      ownerId: ACCOUNT_ID,
      state: "available",
      cidrBlock: v.cidr,
      cidrBlockAssociationSet: [{ cidrBlock: v.cidr, associationId: `vpc-cidr-assoc-${v.id.slice(4)}`, cidrBlockState: { state: "associated" } }],
      dhcpOptionsId: v.dhcpOptionsId,
      instanceTenancy: "default",
      isDefault: true,
      tagSet: networkTags(ctx, v.id).length > 0 ? tagSet(networkTags(ctx, v.id)) : undefined,
    })),
    nextToken: page.nextToken,
  };
};

const describeSubnets: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("SubnetId");
  const all = defaultSubnets(ctx.region);
  for (const id of ids) if (!all.some((s) => s.id === id)) throw new ApiError("InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`);
  const pool = ids.length > 0 ? all.filter((s) => ids.includes(s.id)) : all;
  const subnets = applyFilters(pool, filtersOf(ctx.params), {
    "subnet-id": (s: SubnetInfo) => s.id,
    "vpc-id": (s: SubnetInfo) => s.vpcId,
    "availability-zone": (s: SubnetInfo) => s.az,
    availabilityZone: (s: SubnetInfo) => s.az,
    "availability-zone-id": (s: SubnetInfo) => s.azId,
    "default-for-az": () => "true",
    defaultForAz: () => "true",
    "cidr-block": (s: SubnetInfo) => s.cidr,
    state: () => "available",
    "owner-id": () => ACCOUNT_ID,
  }, (s) => networkTags(ctx, s.id));
  const page = paginate(ctx.params, subnets, { min: 5, max: 1000 }, ids.length > 0);
  return {
    subnetSet: page.items.map((s) => ({
      subnetId: s.id,
      subnetArn: `arn:aws:ec2:${s.region}:${ACCOUNT_ID}:subnet/${s.id}`,
      state: "available",
      ownerId: ACCOUNT_ID,
      vpcId: s.vpcId,
      cidrBlock: s.cidr,
      availableIpAddressCount: 4091,
      availabilityZone: s.az,
      availabilityZoneId: s.azId,
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
      assignIpv6AddressOnCreation: false,
      tagSet: networkTags(ctx, s.id).length > 0 ? tagSet(networkTags(ctx, s.id)) : undefined,
    })),
    nextToken: page.nextToken,
  };
};

const describeAccountAttributes: Ec2Handler = () => ({
  accountAttributeSet: [
    { attributeName: "supported-platforms", attributeValueSet: [{ attributeValue: "VPC" }] },
    { attributeName: "max-instances", attributeValueSet: [{ attributeValue: "1000" }] },
  ],
});

export const networkHandlers: Record<string, Ec2Handler> = {
  DescribeRegions: describeRegions,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  DescribeAccountAttributes: describeAccountAttributes,
};
