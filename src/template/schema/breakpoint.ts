// provisioner "breakpoint": pauses the build until the user continues.

import { provisionerCommonFields } from "./provisioner-common.js";
import { bool, string, type BlockSchema } from "./types.js";

export const breakpointSchema: BlockSchema = {
  title: 'provisioner "breakpoint"',
  fields: { ...provisionerCommonFields, note: string, disable: bool },
};
