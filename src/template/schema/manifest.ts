// post-processor "manifest": writes the build's artifacts to a JSON file.

import { bool, string, stringMap, type BlockSchema } from "./types.js";

export const manifestSchema: BlockSchema = {
  title: 'post-processor "manifest"',
  fields: { output: string, strip_path: bool, strip_time: bool, custom_data: stringMap, name: string, keep_input_artifact: bool },
};
