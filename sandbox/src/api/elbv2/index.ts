// The ELBv2 (Elastic Load Balancing, version 2015-12-01) actions the sandbox answers, by name.

import type { QueryHandler } from "../context.js";
import { targetGroupHandlers } from "./target-groups.js";
import { targetHandlers } from "./targets.js";

export const elbv2Actions: Record<string, QueryHandler> = {
  ...targetGroupHandlers,
  ...targetHandlers,
};
