// The Auto Scaling actions the sandbox answers, by name.

import type { QueryHandler } from "../context.js";
import { activityHandlers } from "./activities.js";
import { groupHandlers } from "./groups.js";
import { refreshHandlers } from "./refreshes.js";
import { tagHandlers } from "./tags.js";
import { targetGroupHandlers } from "./target-groups.js";

export const autoScalingActions: Record<string, QueryHandler> = {
  ...groupHandlers,
  ...refreshHandlers,
  ...activityHandlers,
  ...tagHandlers,
  ...targetGroupHandlers,
};
