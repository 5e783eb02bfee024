// The Auto Scaling group, found by name: observe, plan (pure), apply. Only the attributes the stack
// sets are compared: a desired capacity left to scaling policies is never reset.

import {
  AttachLoadBalancerTargetGroupsCommand,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DetachLoadBalancerTargetGroupsCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
  type UpdateAutoScalingGroupCommandInput,
} from "@aws-sdk/client-auto-scaling";
import { setTimeout as delay } from "node:timers/promises";
import { RollError } from "../../engine/errors.js";
import type { AppliedChange, ResourceChange } from "../port.js";
import { cloudCall } from "./cloud-call.js";
import type { GroupSpec, GroupTag } from "./stack-spec.js";

export async function describeGroup(asg: AutoScalingClient, name: string, signal?: AbortSignal): Promise<AutoScalingGroup | undefined> {
  const found = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }), { abortSignal: signal });
  return found.AutoScalingGroups?.find((group) => group.AutoScalingGroupName === name);
}

/** The launch template the group will use: id unknown in a plan when the template is yet to be created. */
export interface TemplateRef {
  id?: string;
  name: string;
  version: number;
}

export interface GroupPlan {
  spec: GroupSpec;
  observed?: AutoScalingGroup;
  change: ResourceChange;
  template: TemplateRef;
}

const sameSet = (a: string[] = [], b: string[] = []) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const subnetsOf = (group: AutoScalingGroup) => (group.VPCZoneIdentifier ? group.VPCZoneIdentifier.split(",").filter(Boolean) : []);
const tagText = (tags: GroupTag[]) => JSON.stringify([...tags].map((t) => [t.key, t.value, t.propagateAtLaunch]).sort());

function observedTags(group: AutoScalingGroup): GroupTag[] {
  return (group.Tags ?? [])
    .filter((tag) => !(tag.Key ?? "").startsWith("aws:"))
    .map((tag) => ({ key: tag.Key ?? "", value: tag.Value ?? "", propagateAtLaunch: tag.PropagateAtLaunch === true }));
}

function usesTemplate(group: AutoScalingGroup, template: TemplateRef): boolean {
  const current = group.LaunchTemplate;
  if (!current || current.Version !== String(template.version)) return false;
  if (template.id === undefined) return false;
  return current.LaunchTemplateId !== undefined ? current.LaunchTemplateId === template.id : current.LaunchTemplateName === template.name;
}

export function planGroup(spec: GroupSpec, observed: AutoScalingGroup | undefined, template: TemplateRef): GroupPlan {
  const base = { address: spec.address, type: "aws_autoscaling_group", name: spec.name };
  if (!observed) {
    return { spec, template, change: { ...base, action: "create", attributes: [], detail: `pinned to version ${template.version}` } };
  }
  const differs: [string, boolean][] = [
    ["launch_template", !usesTemplate(observed, template)],
    ["min_size", observed.MinSize !== spec.minSize],
    ["max_size", observed.MaxSize !== spec.maxSize],
    ["desired_capacity", spec.desiredCapacity !== undefined && observed.DesiredCapacity !== spec.desiredCapacity],
    ["availability_zones", spec.availabilityZones !== undefined && !spec.subnetIds && !sameSet(spec.availabilityZones, observed.AvailabilityZones)],
    ["vpc_zone_identifier", spec.subnetIds !== undefined && !sameSet(spec.subnetIds, subnetsOf(observed))],
    ["health_check_type", spec.healthCheckType !== undefined && observed.HealthCheckType !== spec.healthCheckType],
    ["health_check_grace_period", spec.healthCheckGracePeriod !== undefined && observed.HealthCheckGracePeriod !== spec.healthCheckGracePeriod],
    ["target_group_arns", spec.targetGroupArns !== undefined && !sameSet(spec.targetGroupArns, observed.TargetGroupARNs)],
    ["tag", tagText(spec.tags) !== tagText(observedTags(observed))],
  ];
  const attributes = differs.filter(([, changed]) => changed).map(([name]) => name);
  const pin = attributes.includes("launch_template") ? `pinned to version ${template.version}` : undefined;
  return {
    spec,
    observed,
    template,
    change: {
      ...base,
      action: attributes.length > 0 ? "update" : "no-op",
      attributes,
      ...(attributes.length > 0 ? { detail: [pin, attributes.filter((a) => a !== "launch_template").join(", ")].filter(Boolean).join("; ") } : {}),
    },
  };
}

export interface ApplyGroupOptions {
  signal?: AbortSignal;
  onChange?: (change: AppliedChange) => void;
  pollIntervalMs: number;
}

export async function applyGroup(asg: AutoScalingClient, plan: GroupPlan, templateId: string, options: ApplyGroupOptions): Promise<void> {
  const { spec, observed, change } = plan;
  const send = <T>(doing: string, call: () => Promise<T>) => cloudCall(`${doing} Auto Scaling group ${spec.name}`, call);
  const launchTemplate = { LaunchTemplateId: templateId, Version: String(plan.template.version) };
  const report = (action: AppliedChange["action"], detail?: string) =>
    options.onChange?.({ kind: "auto-scaling-group", action, address: spec.address, id: spec.name, name: spec.name, ...(detail ? { detail } : {}) });

  if (!observed) {
    await send("creating", () =>
      asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: spec.name,
          LaunchTemplate: launchTemplate,
          MinSize: spec.minSize,
          MaxSize: spec.maxSize,
          DesiredCapacity: spec.desiredCapacity,
          AvailabilityZones: spec.subnetIds ? undefined : spec.availabilityZones,
          VPCZoneIdentifier: spec.subnetIds?.join(","),
          TargetGroupARNs: spec.targetGroupArns,
          HealthCheckType: spec.healthCheckType,
          HealthCheckGracePeriod: spec.healthCheckGracePeriod,
          Tags: spec.tags.map((tag) => ({
            Key: tag.key,
            Value: tag.value,
            PropagateAtLaunch: tag.propagateAtLaunch,
            ResourceId: spec.name,
            ResourceType: "auto-scaling-group",
          })),
        }),
        { abortSignal: options.signal },
      ),
    );
    report("created", change.detail);
    await waitForCapacity(asg, spec, options);
    return;
  }
  if (change.action === "no-op") return;

  const changed = new Set(change.attributes);
  const update: UpdateAutoScalingGroupCommandInput = {
    AutoScalingGroupName: spec.name,
    ...(changed.has("launch_template") ? { LaunchTemplate: launchTemplate } : {}),
    ...(changed.has("min_size") ? { MinSize: spec.minSize } : {}),
    ...(changed.has("max_size") ? { MaxSize: spec.maxSize } : {}),
    ...(changed.has("desired_capacity") ? { DesiredCapacity: spec.desiredCapacity } : {}),
    ...(changed.has("availability_zones") ? { AvailabilityZones: spec.availabilityZones } : {}),
    ...(changed.has("vpc_zone_identifier") ? { VPCZoneIdentifier: spec.subnetIds?.join(",") } : {}),
    ...(changed.has("health_check_type") ? { HealthCheckType: spec.healthCheckType } : {}),
    ...(changed.has("health_check_grace_period") ? { HealthCheckGracePeriod: spec.healthCheckGracePeriod } : {}),
  };
  if (Object.keys(update).length > 1) {
    await send("updating", () => asg.send(new UpdateAutoScalingGroupCommand(update), { abortSignal: options.signal }));
  }
  if (changed.has("target_group_arns")) await syncTargetGroups(asg, spec, observed, options.signal);
  if (changed.has("tag")) await syncTags(asg, spec, observed, options.signal);
  report("updated", change.detail);
  if (changed.has("min_size") || changed.has("desired_capacity")) await waitForCapacity(asg, spec, options);
}

async function syncTargetGroups(asg: AutoScalingClient, spec: GroupSpec, observed: AutoScalingGroup, signal?: AbortSignal) {
  const desired = spec.targetGroupArns ?? [];
  const current = observed.TargetGroupARNs ?? [];
  const attach = desired.filter((arn) => !current.includes(arn));
  const detach = current.filter((arn) => !desired.includes(arn));
  if (attach.length > 0) {
    await cloudCall(`attaching target groups to ${spec.name}`, () =>
      asg.send(new AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: spec.name, TargetGroupARNs: attach }), { abortSignal: signal }),
    );
  }
  if (detach.length > 0) {
    await cloudCall(`detaching target groups from ${spec.name}`, () =>
      asg.send(new DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: spec.name, TargetGroupARNs: detach }), { abortSignal: signal }),
    );
  }
}

async function syncTags(asg: AutoScalingClient, spec: GroupSpec, observed: AutoScalingGroup, signal?: AbortSignal) {
  const resource = { ResourceId: spec.name, ResourceType: "auto-scaling-group" };
  const current = observedTags(observed);
  const stale = current.filter((tag) => !spec.tags.some((t) => t.key === tag.key));
  const changed = spec.tags.filter((tag) => !current.some((t) => t.key === tag.key && t.value === tag.value && t.propagateAtLaunch === tag.propagateAtLaunch));
  if (changed.length > 0) {
    await cloudCall(`tagging Auto Scaling group ${spec.name}`, () =>
      asg.send(
        new CreateOrUpdateTagsCommand({
          Tags: changed.map((tag) => ({ ...resource, Key: tag.key, Value: tag.value, PropagateAtLaunch: tag.propagateAtLaunch })),
        }),
        { abortSignal: signal },
      ),
    );
  }
  if (stale.length > 0) {
    await cloudCall(`untagging Auto Scaling group ${spec.name}`, () =>
      asg.send(new DeleteTagsCommand({ Tags: stale.map((tag) => ({ ...resource, Key: tag.key })) }), { abortSignal: signal }),
    );
  }
}

/**
 * Like Terraform, waits until the group has as many healthy InService instances as it should
 * (desired capacity if the stack sets it, else min size), up to wait_for_capacity_timeout.
 */
async function waitForCapacity(asg: AutoScalingClient, spec: GroupSpec, options: ApplyGroupOptions): Promise<void> {
  if (spec.waitForCapacityTimeoutMs === 0) return;
  const want = spec.desiredCapacity ?? spec.minSize;
  const deadline = Date.now() + spec.waitForCapacityTimeoutMs;
  let ready = 0;
  for (;;) {
    const group = await describeGroup(asg, spec.name, options.signal);
    ready = (group?.Instances ?? []).filter((i) => i.LifecycleState === "InService" && i.HealthStatus === "Healthy").length;
    if (ready >= want) return;
    if (Date.now() >= deadline) break;
    await delay(options.pollIntervalMs, undefined, { signal: options.signal });
  }
  throw new RollError(
    "capacity-timeout",
    `Auto Scaling group ${spec.name} has ${ready} of ${want} healthy InService instances after ${spec.waitForCapacityTimeoutMs / 1000}s`,
    { fault: "external", hint: "check the group's activities (aws autoscaling describe-scaling-activities)" },
  );
}
