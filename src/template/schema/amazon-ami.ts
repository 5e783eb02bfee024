// data "amazon-ami": looks up an AMI by filters. Its outputs are resolved by the builder (see dataPlaceholder).

import { amazonAccessFields } from "./amazon-ebs.js";
import { bool, stringMap, strings, type BlockSchema } from "./types.js";

export const amazonAmiSchema: BlockSchema = {
  title: 'data "amazon-ami"',
  fields: { ...amazonAccessFields, filters: stringMap, owners: strings, most_recent: bool, include_deprecated: bool },
  oneOf: [["filters", "owners"]],
};

/** The attributes a data "amazon-ami" exposes (Packer's amazon-ami data source outputs). */
export const amazonAmiOutputs = ["id", "name", "creation_date", "owner", "owner_name", "tags"];
