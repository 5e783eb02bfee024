import type { RollEvent } from "../../../src/engine/events.js";

export function recorder() {
  const events: RollEvent[] = [];
  return {
    events,
    emit: (event: RollEvent) => void events.push(event),
    output: (stream?: "stdout" | "stderr") =>
      events.flatMap((e) => (e.type === "output" && (!stream || e.stream === stream) ? [e.line] : [])),
  };
}
