// What the state says about the stack's launch template and group: from the outputs AsgService
// exports (`terraform output -json`), or, for stacks built without AsgService, from the resources'
// values in `terraform show -json` (the state). Both read Terraform's state, not the cloud: they are
// as fresh as the last plan or apply.

import { RollError } from "../../engine/errors.js";
import { ROLL_OUTPUTS } from "../../stack/roll-outputs.js";
import type { SynthesizedStack } from "../../stack/synthesized.js";
import type { StackOutputs } from "../port.js";
import { versionNumber } from "./plan-json.js";

type OutputValues = Record<string, { value?: unknown; sensitive?: boolean }>;

function parse<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RollError("terraform-output-unreadable", `${what} printed something that is not JSON: ${text.slice(0, 200)}`, { fault: "external", cause: error });
  }
}

/** Undefined when the outputs roll needs are not all there (a stack without AsgService, or no state yet). */
export function outputsFromJson(text: string): StackOutputs | undefined {
  const outputs = parse<OutputValues>(text, "terraform output -json");
  const value = (name: string) => outputs[name]?.value;
  const id = value(ROLL_OUTPUTS.launchTemplateId);
  const name = value(ROLL_OUTPUTS.launchTemplateName);
  const latest = versionNumber(value(ROLL_OUTPUTS.launchTemplateLatestVersion));
  const groupName = value(ROLL_OUTPUTS.groupName);
  if (typeof id !== "string" || typeof name !== "string" || latest === undefined || typeof groupName !== "string") return undefined;
  return {
    launchTemplate: { id, name, latestVersion: latest, defaultVersion: versionNumber(value(ROLL_OUTPUTS.launchTemplateDefaultVersion)) ?? latest },
    group: {
      name: groupName,
      launchTemplateId: id,
      launchTemplateVersion: versionNumber(value(ROLL_OUTPUTS.groupLaunchTemplateVersion)),
      desiredCapacity: versionNumber(value(ROLL_OUTPUTS.groupDesiredCapacity)) ?? 0,
    },
  };
}

interface StateModule {
  resources?: { address: string; values?: Record<string, unknown> }[];
  child_modules?: StateModule[];
}

function findResource(module: StateModule | undefined, address: string): Record<string, unknown> | undefined {
  if (!module) return undefined;
  const found = module.resources?.find((resource) => resource.address === address);
  if (found) return found.values ?? {};
  for (const child of module.child_modules ?? []) {
    const inChild = findResource(child, address);
    if (inChild) return inChild;
  }
  return undefined;
}

/** From `terraform show -json` without a plan file (the current state). */
export function outputsFromState(text: string, stack: SynthesizedStack): StackOutputs {
  const state = parse<{ values?: { root_module?: StateModule } }>(text, "terraform show -json");
  const template = findResource(state.values?.root_module, stack.launchTemplate.address);
  const group = findResource(state.values?.root_module, stack.group.address);
  const result: StackOutputs = {};
  if (template && typeof template.id === "string") {
    const latest = versionNumber(template.latest_version) ?? 0;
    result.launchTemplate = {
      id: template.id,
      name: typeof template.name === "string" ? template.name : stack.launchTemplate.name,
      latestVersion: latest,
      defaultVersion: versionNumber(template.default_version) ?? latest,
    };
  }
  if (group) {
    const pin = (group.launch_template as { id?: unknown; version?: unknown }[] | undefined)?.[0];
    result.group = {
      name: typeof group.name === "string" ? group.name : stack.group.name,
      ...(typeof pin?.id === "string" ? { launchTemplateId: pin.id } : {}),
      launchTemplateVersion: versionNumber(pin?.version),
      desiredCapacity: versionNumber(group.desired_capacity) ?? 0,
    };
  }
  return result;
}
