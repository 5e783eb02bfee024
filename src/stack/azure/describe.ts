// Finds, in a synthesized Terraform JSON, the scale set an Azure app's rollout works on. An app stack
// must have exactly one Linux scale set with a literal name, in a resource group whose name is literal
// (or a resource group of the same stack, by reference).

import { userError } from "../../engine/errors.js";
import { listResources } from "../describe-stack.js";
import type { StackResource, TerraformJson } from "../synthesized.js";

export interface ScaleSetStack {
  app: string;
  /** The Azure location. */
  region: string;
  json: TerraformJson;
  scaleSet: { name: string; resourceGroup: string; address: string; imageId: string };
  resources: StackResource[];
}

const GROUP_REFERENCE = /^\$\{azurerm_resource_group\.([^.}]+)\.name\}$/;

export function describeScaleSetStack(app: string, region: string, json: TerraformJson): ScaleSetStack {
  const file = `stacks/${app}.ts`;
  const sets = Object.entries(json.resource?.azurerm_linux_virtual_machine_scale_set ?? {});
  if (sets.length !== 1) {
    throw userError("invalid-stack", `app "${app}" must define exactly one Linux scale set (e.g. one ScaleSetService), found ${sets.length}`, { file });
  }
  const [id, body] = sets[0]!;
  const groupValue = body.resource_group_name;
  const ref = typeof groupValue === "string" ? GROUP_REFERENCE.exec(groupValue) : null;
  const resourceGroup = ref ? json.resource?.azurerm_resource_group?.[ref[1]!]?.name : groupValue;
  if (typeof body.name !== "string" || typeof resourceGroup !== "string" || resourceGroup.includes("${")) {
    throw userError("invalid-stack", `app "${app}": the scale set and its resource group need literal names`, { file });
  }
  if (typeof body.source_image_id !== "string" || body.source_image_id === "") {
    throw userError("invalid-stack", `app "${app}": the scale set must run a gallery image version (source_image_id)`, { file, field: "sourceImageId" });
  }
  return {
    app,
    region,
    json,
    scaleSet: { name: body.name, resourceGroup, address: `azurerm_linux_virtual_machine_scale_set.${id}`, imageId: body.source_image_id },
    resources: listResources(json),
  };
}
