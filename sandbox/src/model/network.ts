// The fixed network every region has: its availability zones, a default VPC (172.31.0.0/16) and one
// default subnet per zone, as in a fresh AWS account.

import { stableId } from "./ids.js";

export const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-central-1", "eu-north-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
  "ap-northeast-2", "sa-east-1",
];

export interface ZoneInfo {
  name: string;
  id: string;
  region: string;
}

export interface VpcInfo {
  id: string;
  region: string;
  cidr: string;
  dhcpOptionsId: string;
}

export interface SubnetInfo {
  id: string;
  region: string;
  vpcId: string;
  az: string;
  azId: string;
  cidr: string;
}

function regionCode(region: string): string {
  // us-east-1 -> use1, eu-central-1 -> euc1
  const [area, direction, number] = region.split("-");
  return `${area}${(direction ?? "").charAt(0)}${number ?? ""}`;
}

export function zonesOf(region: string): ZoneInfo[] {
  return ["a", "b", "c"].map((letter, index) => ({
    name: `${region}${letter}`,
    id: `${regionCode(region)}-az${index + 1}`,
    region,
  }));
}

export function defaultVpc(region: string): VpcInfo {
  return { id: stableId("vpc", `vpc/${region}`), region, cidr: "172.31.0.0/16", dhcpOptionsId: stableId("dopt", `dopt/${region}`) };
}

export function defaultSubnets(region: string): SubnetInfo[] {
  const vpc = defaultVpc(region);
  return zonesOf(region).map((zone, index) => ({
    id: stableId("subnet", `subnet/${region}/${zone.name}`),
    region,
    vpcId: vpc.id,
    az: zone.name,
    azId: zone.id,
    cidr: `172.31.${index * 16}.0/20`,
  }));
}

export function findSubnet(region: string, id: string): SubnetInfo | undefined {
  return defaultSubnets(region).find((s) => s.id === id);
}
