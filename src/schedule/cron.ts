// Cron expressions through croner (a well-kept parser): validation with a clear error, next run times.

import { Cron } from "croner";
import { userError } from "../engine/errors.js";
import type { RebakePolicy } from "../stack/app.js";

export interface Schedule {
  app: string;
  expression: string;
  timeZone: string;
}

export function scheduleOf(app: string, policy: RebakePolicy | undefined, file: string): Schedule | undefined {
  if (!policy?.schedule) return undefined;
  const schedule = { app, expression: policy.schedule.trim(), timeZone: policy.timeZone ?? "UTC" };
  if (schedule.expression.split(/\s+/).length !== 5) {
    throw userError("bad-schedule", `rebake.schedule "${policy.schedule}" must have five fields (minute hour day-of-month month day-of-week)`, { file, field: "rebake.schedule" });
  }
  try {
    cronOf(schedule).nextRun();
  } catch (error) {
    throw userError("bad-schedule", `rebake.schedule "${policy.schedule}" (time zone ${schedule.timeZone}) is not valid: ${(error as Error).message}`, { file, field: "rebake.schedule" });
  }
  return schedule;
}

export function cronOf(schedule: Schedule): Cron {
  return new Cron(schedule.expression, { timezone: schedule.timeZone, paused: true });
}

export function nextRuns(schedule: Schedule, count: number, from = new Date()): Date[] {
  return cronOf(schedule).nextRuns(count, from);
}

/** The most recent time the schedule fired at or before `now` (croner looks forward only). */
export function lastDue(schedule: Schedule, since: Date, now = new Date()): Date | undefined {
  let due: Date | undefined;
  const cron = cronOf(schedule);
  let cursor: Date | null = cron.nextRun(since);
  while (cursor && cursor <= now) {
    due = cursor;
    cursor = cron.nextRun(cursor);
  }
  return due;
}
