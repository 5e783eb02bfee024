// The EC2 actions the sandbox answers, by name.

import type { Ec2Handler } from "../context.js";
import { imageHandlers } from "./images.js";
import { instanceAttributeHandlers } from "./instance-attributes.js";
import { instanceHandlers } from "./instances.js";
import { keyPairHandlers } from "./key-pairs.js";
import { launchTemplateHandlers } from "./launch-templates.js";
import { networkHandlers } from "./network.js";
import { securityGroupHandlers } from "./security-groups.js";
import { spotHandlers } from "./spot.js";
import { tagHandlers } from "./tags.js";
import { volumeHandlers } from "./volumes.js";

export const ec2Actions: Record<string, Ec2Handler> = {
  ...instanceHandlers,
  ...imageHandlers,
  ...keyPairHandlers,
  ...securityGroupHandlers,
  ...launchTemplateHandlers,
  ...tagHandlers,
  ...networkHandlers,
  ...volumeHandlers,
  ...spotHandlers,
  ...instanceAttributeHandlers,
};
