// Every event a reporter handles carries a time: the engine's, when it stamped one, otherwise now.

import type { RollEvent, TimedEvent } from "../engine/events.js";

export function stampEvent(event: TimedEvent | RollEvent, now: () => Date = () => new Date()): TimedEvent {
  if ("time" in event && typeof event.time === "string") return event;
  return { ...event, time: now().toISOString() };
}

export function eventMillis(event: TimedEvent): number {
  const millis = Date.parse(event.time);
  // A malformed time must not turn every elapsed column into NaN.
  return Number.isNaN(millis) ? Date.now() : millis;
}
