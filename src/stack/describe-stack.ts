// Finds, in a synthesized Terraform JSON, the Auto Scaling group a rollout works on and the launch
// template it uses. An app stack must have exactly one group (roll refreshes one group per app), and
// the group must use a launch template of the same stack by reference.

import { userError } from "../engine/errors.js";
import type { StackResource, SynthesizedStack, TerraformJson } from "./synthesized.js";

const REFERENCE = /^\$\{aws_launch_template\.([^.}]+)\.id\}$/;

export function listResources(json: TerraformJson): StackResource[] {
  const resources: StackResource[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      const name = typeof body.name === "string" ? body.name : undefined;
      resources.push({ address: `${type}.${id}`, type, ...(name !== undefined ? { name } : {}) });
    }
  }
  return resources;
}

export function describeStack(app: string, region: string, json: TerraformJson): SynthesizedStack {
  const file = `stacks/${app}.ts`;
  const groups = Object.entries(json.resource?.aws_autoscaling_group ?? {});
  if (groups.length !== 1) {
    throw userError(
      "invalid-stack",
      `app "${app}" must define exactly one Auto Scaling group (e.g. one AsgService), found ${groups.length}`,
      { file },
    );
  }
  const [groupId, group] = groups[0]!;
  const launchTemplateRef = (group.launch_template as { id?: unknown } | undefined)?.id;
  const match = typeof launchTemplateRef === "string" ? REFERENCE.exec(launchTemplateRef) : null;
  const templateId = match?.[1];
  const template = templateId === undefined ? undefined : json.resource?.aws_launch_template?.[templateId];
  if (templateId === undefined || template === undefined) {
    throw userError(
      "invalid-stack",
      `the Auto Scaling group of app "${app}" must use a launch template of the same stack, got ${JSON.stringify(launchTemplateRef)}`,
      { file },
    );
  }
  if (typeof group.name !== "string" || typeof template.name !== "string") {
    throw userError("invalid-stack", `app "${app}": the group and its launch template need literal names`, { file });
  }
  return {
    app,
    region,
    json,
    launchTemplate: { name: template.name, address: `aws_launch_template.${templateId}` },
    group: { name: group.name, address: `aws_autoscaling_group.${groupId}` },
    resources: listResources(json),
  };
}
