// What of the stack already exists in the cloud, by name: a launch template or group deployed with the
// direct applier, made by hand or by another tool. Terraform adopts these with `import` blocks instead
// of failing with "already exists". Read-only SDK calls; two per plan.

import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeLaunchTemplatesCommand } from "@aws-sdk/client-ec2";
import type { CloudClients } from "../cloud/target.js";
import type { SynthesizedStack } from "../stack/synthesized.js";
import type { ImportBlock } from "./terraform/workdir.js";

export async function existingStackObjects(clients: CloudClients, stack: SynthesizedStack, signal?: AbortSignal): Promise<ImportBlock[]> {
  const [templates, groups] = await Promise.all([
    clients.ec2().send(new DescribeLaunchTemplatesCommand({ Filters: [{ Name: "launch-template-name", Values: [stack.launchTemplate.name] }] }), { abortSignal: signal }),
    clients.autoscaling().send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [stack.group.name] }), { abortSignal: signal }),
  ]);
  const blocks: ImportBlock[] = [];
  const template = templates.LaunchTemplates?.find((t) => t.LaunchTemplateName === stack.launchTemplate.name);
  if (template?.LaunchTemplateId) blocks.push({ to: stack.launchTemplate.address, id: template.LaunchTemplateId });
  // A group being deleted is not one to adopt: Terraform would import something about to vanish.
  const group = groups.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === stack.group.name && !g.Status);
  if (group) blocks.push({ to: stack.group.address, id: stack.group.name });
  return blocks;
}
