// The EC2 actions the sandbox answers, by name.

import type { Ec2Handler } from "../context.js";
import { imageHandlers } from "./images.js";
import { instanceHandlers } from "./instances.js";
import { keyPairHandlers } from "./key-pairs.js";
import { launchTemplateHandlers } from "./launch-templates.js";
import { networkHandlers } from "./network.js";
import { securityGroupHandlers } from "./security-groups.js";
import { tagHandlers } from "./tags.js";

export const ec2Actions: Record<string, Ec2Handler> = {
  ...instanceHandlers,
  ...imageHandlers,
  ...keyPairHandlers,
  ...securityGroupHandlers,
  ...launchTemplateHandlers,
  ...tagHandlers,
  ...networkHandlers,
};
