// post-processor "shell-local": the shell-local provisioner's scripts, run once the image exists,
// with PACKER_BUILD_NAME and PACKER_BUILDER_TYPE set as in Packer.

import type { FieldReader } from "../fields.js";
import { shellLocal as shellLocalProvisioner, type ShellLocalConfig } from "../provisioners/shell-local.js";
import type { BuildArtifact, PostProcessorContext, PostProcessorKind } from "./types.js";

export const shellLocal: PostProcessorKind<ShellLocalConfig> = {
  fields: [...shellLocalProvisioner.fields, "name", "keep_input_artifact"],

  parse(fields: FieldReader, templateRoot: string): ShellLocalConfig {
    fields.string("name");
    fields.bool("keep_input_artifact");
    return shellLocalProvisioner.parse(fields, templateRoot);
  },

  run(config: ShellLocalConfig, artifact: BuildArtifact, ctx: PostProcessorContext): Promise<void> {
    return shellLocalProvisioner.run(config, {
      templateRoot: ctx.templateRoot,
      builderType: artifact.builderType,
      buildName: artifact.buildName,
      signal: ctx.signal,
      emit: ctx.emit,
    });
  },
};
