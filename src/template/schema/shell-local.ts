// provisioner "shell-local" and post-processor "shell-local": commands run on the machine running roll.

import { overrideRule, provisionerCommonFields } from "./provisioner-common.js";
import { bool, fieldsOf, numbers, string, stringMap, strings, type BlockSchema } from "./types.js";

const shellLocalFields = {
  ...fieldsOf(string, "command", "script", "execute_command", "env_var_format", "tempfile_extension"),
  ...fieldsOf(strings, "inline", "scripts", "environment_vars", "only_on"),
  inline_shebang: string,
  env: stringMap,
  use_linux_pathing: bool,
  valid_exit_codes: numbers,
};

export const shellLocalSchema: BlockSchema = {
  title: 'provisioner "shell-local"',
  fields: { ...provisionerCommonFields, ...shellLocalFields },
  oneOf: [["command", "inline", "script", "scripts"]],
  exclusive: [["command", "inline", "script", "scripts"]],
  localFiles: ["script", "scripts"],
  rules: [overrideRule(() => shellLocalSchema.fields)],
};

export const shellLocalPostProcessorSchema: BlockSchema = {
  title: 'post-processor "shell-local"',
  fields: { ...shellLocalFields, name: string, keep_input_artifact: bool },
  oneOf: [["command", "inline", "script", "scripts"]],
  exclusive: [["command", "inline", "script", "scripts"]],
  localFiles: ["script", "scripts"],
};
