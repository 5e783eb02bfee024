// ELBv2 target groups: CreateTargetGroup (idempotent for identical settings), DescribeTargetGroups,
// DeleteTargetGroup, and the attributes Terraform reads and writes.

import { randomBytes } from "node:crypto";
import { ACCOUNT_ID } from "../../model/ids.js";
import { defaultVpc } from "../../model/network.js";
import { findTargetGroup, TARGET_GROUP_NOT_FOUND, validMatcher } from "../../model/target-groups.js";
import type { HealthCheckSettings, Tag, TargetGroupRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { ApiContext, QueryHandler } from "../context.js";
import { checkTargetGroupArn, paginateMarker, targetGroupXml } from "./common.js";

const MAX_TARGET_GROUPS = 3000;

function validationError(message: string): ApiError {
  return new ApiError("ValidationError", message);
}

function inRange(params: FormParams, name: string, min: number, max: number, fallback: number): number {
  const value = params.int(name) ?? fallback;
  if (value < min || value > max) {
    throw validationError(`1 validation error detected: Value '${value}' at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
  return value;
}

function checkName(name: string): void {
  if (name.length > 32) throw validationError(`Target group name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw validationError(`Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith("-") || name.endsWith("-")) throw validationError(`Target group name '${name}' cannot begin or end with '-'`);
}

function healthCheckOf(params: FormParams): HealthCheckSettings {
  const protocol = params.str("HealthCheckProtocol") ?? "HTTP";
  if (protocol !== "HTTP") throw validationError(`Health check protocol '${protocol}' is not supported by the sandbox; use HTTP`);
  const port = params.str("HealthCheckPort") ?? "traffic-port";
  if (port !== "traffic-port" && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw validationError(`Health check port '${port}' must be 'traffic-port' or a port between 1 and 65535`);
  }
  const path = params.str("HealthCheckPath") ?? "/";
  if (!path.startsWith("/") || path.length > 1024) throw validationError(`Health check path '${path}' must begin with '/' and be at most 1024 characters long`);
  const intervalSeconds = inRange(params, "HealthCheckIntervalSeconds", 5, 300, 30);
  const timeoutSeconds = inRange(params, "HealthCheckTimeoutSeconds", 2, 120, 5);
  if (timeoutSeconds >= intervalSeconds) throw validationError(`Health check timeout '${timeoutSeconds}' must be smaller than the interval '${intervalSeconds}'`);
  const matcher = params.struct("Matcher").str("HttpCode") ?? "200";
  if (!validMatcher(matcher)) throw validationError(`Health check matcher HTTP code '${matcher}' must be a value between '200' and '499'`);
  if (params.struct("Matcher").has("GrpcCode")) throw validationError("A gRPC matcher is only valid for target groups with protocol version GRPC");
  return {
    enabled: params.bool("HealthCheckEnabled") ?? true,
    protocol: "HTTP",
    port,
    path,
    intervalSeconds,
    timeoutSeconds,
    healthyThreshold: inRange(params, "HealthyThresholdCount", 2, 10, 5),
    unhealthyThreshold: inRange(params, "UnhealthyThresholdCount", 2, 10, 2),
    matcher,
  };
}

function tagsOf(params: FormParams): Tag[] {
  return params.list("Tags").map((t) => {
    const key = t.required("Key");
    if (key.length > 128) throw validationError(`Tag key '${key}' is longer than 128 characters`);
    return { key, value: t.raw("Value") ?? "" };
  });
}

function sameSettings(a: TargetGroupRecord, b: Omit<TargetGroupRecord, "arn" | "targets" | "tags" | "createdTime">): boolean {
  return a.protocol === b.protocol && a.port === b.port && a.vpcId === b.vpcId && a.targetType === b.targetType && JSON.stringify(a.healthCheck) === JSON.stringify(b.healthCheck);
}

const createTargetGroup: QueryHandler = (ctx) => {
  const { params, cloud, region } = ctx;
  const name = params.required("Name");
  checkName(name);
  const targetType = params.str("TargetType") ?? "instance";
  if (targetType !== "instance" && targetType !== "ip") {
    throw validationError(`Target type '${targetType}' is not supported by the sandbox; use instance or ip`);
  }
  const protocol = params.str("Protocol");
  if (!protocol) throw validationError("A protocol must be specified");
  if (protocol !== "HTTP") throw validationError(`Protocol '${protocol}' is not supported by the sandbox; use HTTP`);
  const port = params.int("Port");
  if (port === undefined) throw validationError("A port must be specified");
  if (port < 1 || port > 65535) throw validationError(`1 validation error detected: Value '${port}' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535`);
  const vpcId = params.str("VpcId");
  if (!vpcId) throw validationError("A VPC ID must be specified");
  if (vpcId !== defaultVpc(region).id) throw validationError(`The VPC ID '${vpcId}' is not found`);
  const protocolVersion = params.str("ProtocolVersion") ?? "HTTP1";
  if (protocolVersion !== "HTTP1") throw validationError(`Protocol version '${protocolVersion}' is not supported by the sandbox; use HTTP1`);
  const settings = { name, region, protocol, port, vpcId, targetType, protocolVersion, healthCheck: healthCheckOf(params), deregistrationDelaySeconds: 300 } as const;
  const existing = Object.values(cloud.state.targetGroups).find((g) => g.region === region && g.name === name);
  if (existing) {
    if (!sameSettings(existing, settings)) throw new ApiError("DuplicateTargetGroupName", `A target group with the same name '${name}' exists, but with different settings`);
    return { TargetGroups: [targetGroupXml(existing)] };
  }
  if (Object.values(cloud.state.targetGroups).filter((g) => g.region === region).length >= MAX_TARGET_GROUPS) {
    throw new ApiError("TooManyTargetGroups", "You have reached the limit on the number of target groups for your AWS account");
  }
  const group: TargetGroupRecord = {
    ...settings,
    arn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_ID}:targetgroup/${name}/${randomBytes(8).toString("hex")}`,
    targets: [],
    tags: tagsOf(params),
    createdTime: cloud.now(),
  };
  cloud.state.targetGroups[group.arn] = group;
  cloud.changed();
  return { TargetGroups: [targetGroupXml(group)] };
};

function selectGroups(ctx: ApiContext): TargetGroupRecord[] {
  const { params, cloud, region } = ctx;
  const arns = params.strings("TargetGroupArns");
  const names = params.strings("Names");
  const loadBalancer = params.str("LoadBalancerArn");
  if ([arns.length > 0, names.length > 0, loadBalancer !== undefined].filter(Boolean).length > 1) {
    throw validationError("Only one of LoadBalancerArn, TargetGroupArns or Names can be specified");
  }
  if (loadBalancer !== undefined) throw new ApiError("LoadBalancerNotFound", `Load balancer '${loadBalancer}' not found`);
  const all = Object.values(cloud.state.targetGroups).filter((g) => g.region === region);
  if (arns.length > 0) {
    return arns.map((arn) => {
      const group = findTargetGroup(cloud, region, checkTargetGroupArn(arn));
      if (!group) throw new ApiError("TargetGroupNotFound", TARGET_GROUP_NOT_FOUND);
      return group;
    });
  }
  if (names.length > 0) {
    return names.map((name) => {
      const group = all.find((g) => g.name === name);
      if (!group) throw new ApiError("TargetGroupNotFound", `Target groups '${name}' not found`);
      return group;
    });
  }
  return all.sort((a, b) => a.createdTime - b.createdTime || a.arn.localeCompare(b.arn));
}

const describeTargetGroups: QueryHandler = (ctx) => {
  const page = paginateMarker(ctx.params, selectGroups(ctx));
  return { TargetGroups: page.items.map(targetGroupXml), NextMarker: page.nextMarker };
};

const deleteTargetGroup: QueryHandler = (ctx) => {
  const arn = checkTargetGroupArn(ctx.params.required("TargetGroupArn"));
  // Deleting a target group that does not exist succeeds, as deleting one twice does.
  if (findTargetGroup(ctx.cloud, ctx.region, arn)) {
    delete ctx.cloud.state.targetGroups[arn];
    ctx.cloud.changed();
  }
  return {};
};

const describeAttributes: QueryHandler = (ctx) => {
  const group = findTargetGroup(ctx.cloud, ctx.region, checkTargetGroupArn(ctx.params.required("TargetGroupArn")));
  if (!group) throw new ApiError("TargetGroupNotFound", TARGET_GROUP_NOT_FOUND);
  return {
    Attributes: [
      { Key: "deregistration_delay.timeout_seconds", Value: String(group.deregistrationDelaySeconds) },
      { Key: "stickiness.enabled", Value: "false" },
      { Key: "stickiness.type", Value: "lb_cookie" },
      { Key: "load_balancing.algorithm.type", Value: "round_robin" },
      { Key: "slow_start.duration_seconds", Value: "0" },
    ],
  };
};

const modifyAttributes: QueryHandler = (ctx) => {
  const group = findTargetGroup(ctx.cloud, ctx.region, checkTargetGroupArn(ctx.params.required("TargetGroupArn")));
  if (!group) throw new ApiError("TargetGroupNotFound", TARGET_GROUP_NOT_FOUND);
  const attributes = ctx.params.list("Attributes");
  if (attributes.length === 0) throw validationError("1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null");
  for (const attribute of attributes) {
    const key = attribute.required("Key");
    const value = attribute.raw("Value") ?? "";
    if (key === "deregistration_delay.timeout_seconds") {
      if (!/^\d+$/.test(value) || Number(value) > 3600) throw validationError(`'${value}' must be an integer between 0 and 3600 for ${key}`);
      group.deregistrationDelaySeconds = Number(value);
    } else if (!["stickiness.enabled", "stickiness.type", "load_balancing.algorithm.type", "slow_start.duration_seconds"].includes(key)) {
      throw new ApiError("InvalidConfigurationRequest", `The attribute '${key}' is not supported by the sandbox`);
    }
  }
  ctx.cloud.changed();
  return describeAttributes(ctx);
};

export const targetGroupHandlers: Record<string, QueryHandler> = {
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  DeleteTargetGroup: deleteTargetGroup,
  DescribeTargetGroupAttributes: describeAttributes,
  ModifyTargetGroupAttributes: modifyAttributes,
};
