// The schedules of a project: every app in stacks/ whose rebake policy has a cron expression.

import type { RebakePolicy } from "../stack/app.js";
import { listApps, loadApp } from "../stack/index.js";
import { scheduleOf, type Schedule } from "./cron.js";

export interface ScheduledApp {
  schedule: Schedule;
  policy: RebakePolicy;
}

export async function projectSchedules(projectRoot: string): Promise<ScheduledApp[]> {
  const found: ScheduledApp[] = [];
  for (const name of listApps(projectRoot)) {
    const app = await loadApp(projectRoot, name);
    const schedule = scheduleOf(app.name, app.rebake, `stacks/${name}.ts`);
    if (schedule) found.push({ schedule, policy: app.rebake! });
  }
  return found;
}
