// Not a test: replays a recorded event sequence into a reporter at (scaled) real speed, so a person
// can watch the live view. Usage: npx tsx test/reporters/replay.ts [deploy|rollback] [ink|plain|json] [speed]

import { setTimeout as sleep } from "node:timers/promises";
import { createReporter, type ReporterKind } from "../../src/reporters/index.js";
import { deployEvents, rollbackEvents } from "./fixtures.js";

async function main(): Promise<void> {
  const [scenario = "rollback", kind = "ink", speedText = "1"] = process.argv.slice(2);
  const speed = Number(speedText);
  const events = scenario === "deploy" ? deployEvents() : rollbackEvents();
  const reporter = createReporter(kind as ReporterKind, { stdout: process.stdout, title: `roll deploy demo (${scenario} replay)` });
  let previous = Date.parse(events[0]!.time);
  for (const { time, ...event } of events) {
    const at = Date.parse(time);
    await sleep((at - previous) / speed);
    previous = at;
    // Drop the recorded time so the reporter shows live elapsed times.
    reporter.onEvent(event);
  }
  await reporter.finish();
}

await main();
