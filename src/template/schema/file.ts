// provisioner "file": uploads (or downloads) files and folders.

import { overrideRule, provisionerCommonFields } from "./provisioner-common.js";
import { bool, string, strings, type BlockSchema } from "./types.js";

export const fileSchema: BlockSchema = {
  title: 'provisioner "file"',
  fields: {
    ...provisionerCommonFields,
    source: string,
    sources: strings,
    content: string,
    destination: string,
    direction: string,
    generated: bool,
  },
  required: ["destination"],
  oneOf: [["source", "sources", "content"]],
  exclusive: [["source", "sources", "content"]],
  // Checked only for uploads of files that exist before the build (see checkLocalFiles).
  localFiles: ["source", "sources"],
  rules: [overrideRule(() => fileSchema.fields)],
};
