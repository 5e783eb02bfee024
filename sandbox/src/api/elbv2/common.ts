// Pieces shared by the ELBv2 handlers: ARN checks, the target group's XML, Marker pagination.

import type { TargetGroupRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";

const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

export function checkTargetGroupArn(arn: string): string {
  if (!TARGET_GROUP_ARN.test(arn)) throw new ApiError("ValidationError", `'${arn}' is not a valid target group ARN`);
  return arn;
}

export function targetGroupXml(group: TargetGroupRecord): XmlValue {
  const hc = group.healthCheck;
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: group.protocol,
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: hc.port,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    HealthCheckPath: hc.path,
    Matcher: { HttpCode: hc.matcher },
    LoadBalancerArns: [],
    TargetType: group.targetType,
    ProtocolVersion: group.protocolVersion,
    IpAddressType: "ipv4",
  };
}

export interface Page<T> {
  items: T[];
  nextMarker?: string;
}

/** ELBv2 pages with PageSize (1-400) and an opaque Marker. */
export function paginateMarker<T>(params: FormParams, items: T[]): Page<T> {
  const size = params.int("PageSize") ?? 400;
  if (size < 1 || size > 400) throw new ApiError("ValidationError", `1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`);
  const marker = params.str("Marker");
  let offset = 0;
  if (marker !== undefined) {
    const text = Buffer.from(marker, "base64url").toString("utf8");
    const decoded = /^offset:\d+$/.test(text) ? Number(text.slice(7)) : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new ApiError("ValidationError", "The marker is not valid.");
    offset = decoded;
  }
  const end = offset + size;
  return { items: items.slice(offset, end), nextMarker: end < items.length ? Buffer.from(`offset:${end}`).toString("base64url") : undefined };
}
