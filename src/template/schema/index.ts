// Which schema describes which block: sources by builder type, provisioners and post-processors by type.

import { amazonAmiOutputs, amazonAmiSchema } from "./amazon-ami.js";
import { amazonEbsSchema } from "./amazon-ebs.js";
import { azureArmSchema } from "./azure-arm.js";
import { breakpointSchema } from "./breakpoint.js";
import { fileSchema } from "./file.js";
import { acceptedDataSchemas, acceptedPostProcessorSchemas, acceptedProvisionerSchemas, acceptedSourceSchemas } from "./packer-plugins.js";
import { manifestSchema } from "./manifest.js";
import { shellLocalPostProcessorSchema, shellLocalSchema } from "./shell-local.js";
import { shellSchema } from "./shell.js";
import type { BlockSchema } from "./types.js";

export const sourceSchemas: Record<string, BlockSchema> = {
  ...acceptedSourceSchemas,
  "amazon-ebs": amazonEbsSchema,
  "azure-arm": azureArmSchema,
};

export const provisionerSchemas: Record<string, BlockSchema> = {
  ...acceptedProvisionerSchemas,
  shell: shellSchema,
  file: fileSchema,
  "shell-local": shellLocalSchema,
  breakpoint: breakpointSchema,
};

export const postProcessorSchemas: Record<string, BlockSchema> = {
  ...acceptedPostProcessorSchemas,
  manifest: manifestSchema,
  "shell-local": shellLocalPostProcessorSchema,
};

/** Data sources by type; `outputs` undefined means any attribute may be read (a type roll does not run). */
export const dataSchemas: Record<string, { schema: BlockSchema; outputs?: string[] }> = {
  ...Object.fromEntries(Object.entries(acceptedDataSchemas).map(([type, schema]) => [type, { schema }])),
  "amazon-ami": { schema: amazonAmiSchema, outputs: amazonAmiOutputs },
};

export type { BlockSchema, FieldSpec } from "./types.js";
export { notRunWarning } from "./packer-plugins.js";
