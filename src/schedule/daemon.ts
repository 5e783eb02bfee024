// roll daemon's loop: runs each app's rebake when its schedule comes due. A slot is claimed on disk
// before the run starts, so a restart never runs the same slot twice; after downtime, the missed
// slots of an app run once, not once each.

import { join } from "node:path";
import { readJsonFile, writeFileAtomic } from "../releases/atomic-file.js";
import type { EventSink, ResultEvent } from "../engine/events.js";
import { sleep } from "../engine/sleep.js";
import { lastDue, type Schedule } from "./cron.js";

export interface DaemonState {
  app: string;
  /** The latest slot this daemon (or an earlier one) claimed. */
  lastSlot: string;
  lastOutcome?: string;
  lastRunAt?: string;
}

export interface DaemonOptions {
  schedules: Schedule[];
  stateDir: string;
  run: (app: string, signal: AbortSignal) => Promise<ResultEvent>;
  emit: EventSink;
  signal: AbortSignal;
  jitterSeconds?: (app: string) => number;
  now?: () => Date;
  tickMs?: number;
}

const statePath = (dir: string, app: string) => join(dir, `${app}.json`);

export async function readDaemonState(dir: string, app: string): Promise<DaemonState | undefined> {
  return readJsonFile<DaemonState>(statePath(dir, app));
}

async function writeDaemonState(dir: string, state: DaemonState): Promise<void> {
  await writeFileAtomic(statePath(dir, state.app), `${JSON.stringify(state, null, 2)}\n`);
}

/** Sleeps until the time passes or the daemon is stopped. */
const wait = (ms: number, signal: AbortSignal) => sleep(ms, signal).catch(() => undefined);

export async function runDaemon(options: DaemonOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const running = new Map<string, Promise<void>>();
  const started = now();

  // First start for an app: nothing ran before, so its first slot is the next one, not a past one.
  for (const schedule of options.schedules) {
    if (!(await readDaemonState(options.stateDir, schedule.app))) {
      await writeDaemonState(options.stateDir, { app: schedule.app, lastSlot: started.toISOString() });
    }
  }

  const runOne = async (schedule: Schedule, slot: Date) => {
    const jitter = Math.random() * (options.jitterSeconds?.(schedule.app) ?? 0) * 1000;
    options.emit({ type: "log", level: "info", message: `${schedule.app}: slot ${slot.toISOString()} due${jitter ? `, starting in ${(jitter / 1000).toFixed(0)}s` : ""}` });
    await wait(jitter, options.signal);
    if (options.signal.aborted) return;
    let outcome = "failed";
    try {
      const result = await options.run(schedule.app, options.signal);
      outcome = result.outcome;
      options.emit(result);
    } catch (error) {
      options.emit({ type: "log", level: "error", message: `${schedule.app}: ${(error as Error).message}` });
    }
    const state = await readDaemonState(options.stateDir, schedule.app);
    await writeDaemonState(options.stateDir, { ...(state ?? { lastSlot: slot.toISOString() }), app: schedule.app, lastOutcome: outcome, lastRunAt: now().toISOString() });
  };

  while (!options.signal.aborted) {
    for (const schedule of options.schedules) {
      if (running.has(schedule.app)) continue;
      const state = await readDaemonState(options.stateDir, schedule.app);
      const since = new Date(state?.lastSlot ?? started.toISOString());
      const due = lastDue(schedule, since, now());
      if (!due || due <= since) continue;
      // Claim before running: a crash or restart from here on does not run this slot again.
      await writeDaemonState(options.stateDir, { ...state, app: schedule.app, lastSlot: due.toISOString() });
      const job = runOne(schedule, due).finally(() => running.delete(schedule.app));
      running.set(schedule.app, job);
    }
    await wait(options.tickMs ?? 1000, options.signal);
  }
  await Promise.allSettled(running.values());
}
