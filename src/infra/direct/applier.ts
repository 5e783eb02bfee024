// The direct applier: makes the cloud match a synthesized stack with EC2 and Auto Scaling SDK calls,
// no Terraform binary and no state file: resources are found by their names. Plan and apply share
// the same observe + plan code; apply then writes, launch templates first, since a group refers to
// its template's id and (on a first deploy) its latest version.

import type { CloudClients } from "../../cloud/target.js";
import { RollError } from "../../engine/errors.js";
import type { SynthesizedStack } from "../../stack/synthesized.js";
import type { ApplyOptions, ApplyResult, InfraOptions, InfraPort, Plan, ResourceChange, StackOutputs } from "../port.js";
import { applyGroup, describeGroup, planGroup, type GroupPlan } from "./groups.js";
import { applyLaunchTemplate, observeLaunchTemplate, planLaunchTemplate, type AppliedTemplate, type TemplatePlan } from "./launch-templates.js";
import { readStackSpec, type GroupSpec } from "./stack-spec.js";

export interface DirectApplierOptions {
  /** How often to look at the group while waiting for its capacity; default 1000 ms. */
  pollIntervalMs?: number;
}

function versionFor(group: GroupSpec, latestVersion: number): number {
  return group.launchTemplate.version === "latest" ? latestVersion : group.launchTemplate.version;
}

function countChanges(resources: ResourceChange[]): number {
  return resources.filter((resource) => resource.action !== "no-op").length;
}

export function createDirectApplier(clients: CloudClients, applierOptions: DirectApplierOptions = {}): InfraPort {
  const pollIntervalMs = applierOptions.pollIntervalMs ?? 1000;

  async function planTemplates(stack: SynthesizedStack, signal?: AbortSignal): Promise<TemplatePlan[]> {
    const ec2 = clients.ec2(stack.region);
    const spec = readStackSpec(stack);
    return Promise.all(
      spec.launchTemplates.map(async (template) => planLaunchTemplate(template, await observeLaunchTemplate(ec2, template.name, signal))),
    );
  }

  async function planGroups(
    stack: SynthesizedStack,
    templates: { address: string; id?: string; name: string; latestVersion: number }[],
    signal?: AbortSignal,
  ): Promise<GroupPlan[]> {
    const asg = clients.autoscaling(stack.region);
    return Promise.all(
      readStackSpec(stack).groups.map(async (group) => {
        const template = templates.find((t) => t.address === group.launchTemplate.address)!;
        const ref = { id: template.id, name: template.name, version: versionFor(group, template.latestVersion) };
        return planGroup(group, await describeGroup(asg, group.name, signal), ref);
      }),
    );
  }

  async function plan(stack: SynthesizedStack, options: InfraOptions = {}): Promise<Plan> {
    const templates = await planTemplates(stack, options.signal);
    const groups = await planGroups(
      stack,
      templates.map((t) => ({ address: t.spec.address, id: t.observed?.id, name: t.spec.name, latestVersion: t.latestVersionAfter })),
      options.signal,
    );
    const resources = [...templates.map((t) => t.change), ...groups.map((g) => g.change)];
    return { changes: countChanges(resources), resources };
  }

  async function apply(stack: SynthesizedStack, options: ApplyOptions = {}): Promise<ApplyResult> {
    const { signal, onChange } = options;
    const ec2 = clients.ec2(stack.region);
    const asg = clients.autoscaling(stack.region);

    const templatePlans = await planTemplates(stack, signal);
    const applied: (AppliedTemplate & { address: string })[] = [];
    for (const templatePlan of templatePlans) {
      applied.push({ ...(await applyLaunchTemplate(ec2, templatePlan, { signal, onChange })), address: templatePlan.spec.address });
    }
    // Groups are planned again now that every template's id and latest version are real.
    const groupPlans = await planGroups(stack, applied, signal);
    for (const groupPlan of groupPlans) {
      const template = applied.find((t) => t.address === groupPlan.spec.launchTemplate.address)!;
      await applyGroup(asg, groupPlan, template.id, { signal, onChange, pollIntervalMs });
    }

    const mainTemplate = applied.find((t) => t.address === stack.launchTemplate.address);
    const mainGroup = groupPlans.find((g) => g.spec.address === stack.group.address);
    if (!mainTemplate || !mainGroup) {
      throw new RollError("internal", `the stack's main resources (${stack.launchTemplate.address}, ${stack.group.address}) were not applied`);
    }
    const resources = [...templatePlans.map((t) => t.change), ...groupPlans.map((g) => g.change)];
    const { address: _address, ...launchTemplate } = mainTemplate;
    return {
      launchTemplate,
      group: { name: mainGroup.spec.name, launchTemplateVersion: mainGroup.template.version },
      changes: countChanges(resources),
      resources,
    };
  }

  async function output(stack: SynthesizedStack, options: InfraOptions = {}): Promise<StackOutputs> {
    const template = await observeLaunchTemplate(clients.ec2(stack.region), stack.launchTemplate.name, options.signal);
    const group = await describeGroup(clients.autoscaling(stack.region), stack.group.name, options.signal);
    const version = group?.LaunchTemplate?.Version;
    return {
      ...(template
        ? { launchTemplate: { id: template.id, name: template.name, latestVersion: template.latestVersion, defaultVersion: template.defaultVersion } }
        : {}),
      ...(group
        ? {
            group: {
              name: stack.group.name,
              launchTemplateId: group.LaunchTemplate?.LaunchTemplateId,
              launchTemplateVersion: version && /^\d+$/.test(version) ? Number(version) : undefined,
              desiredCapacity: group.DesiredCapacity ?? 0,
            },
          }
        : {}),
    };
  }

  return { init: async () => {}, plan, apply, output };
}
