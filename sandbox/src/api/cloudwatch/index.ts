// The CloudWatch (monitoring, version 2010-08-01) actions the sandbox answers, by name.

import type { QueryHandler } from "../context.js";
import { alarmHandlers } from "./alarms.js";

export const cloudWatchActions: Record<string, QueryHandler> = {
  ...alarmHandlers,
};
