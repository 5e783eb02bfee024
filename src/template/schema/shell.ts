// provisioner "shell": commands run on the machine being built.

import { overrideRule, provisionerCommonFields } from "./provisioner-common.js";
import { bool, fieldsOf, numbers, string, stringMap, strings, type BlockSchema } from "./types.js";

export const shellSchema: BlockSchema = {
  title: 'provisioner "shell"',
  fields: {
    ...provisionerCommonFields,
    ...fieldsOf(string, "script", "execute_command", "start_retry_timeout", "remote_folder", "remote_file", "remote_path", "inline_shebang", "env_var_format"),
    ...fieldsOf(strings, "inline", "scripts", "environment_vars"),
    env: stringMap,
    ...fieldsOf(bool, "expect_disconnect", "skip_clean", "binary", "use_env_var_file"),
    valid_exit_codes: numbers,
  },
  oneOf: [["inline", "script", "scripts"]],
  exclusive: [["inline", "script", "scripts"]],
  localFiles: ["script", "scripts"],
  rules: [overrideRule(() => shellSchema.fields)],
};
