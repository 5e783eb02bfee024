import { Box, Text } from "ink";
import type { GateStatus } from "../../engine/events.js";
import type { GateView } from "./reducer.js";
import { Spinner } from "./Spinner.js";

const STATUS_COLOUR: Record<GateStatus, string> = {
  Successful: "green",
  Failed: "red",
  Inconclusive: "yellow",
  Error: "yellow",
};

export function Gates({ gates, targetsPerGate }: { gates: GateView[]; targetsPerGate: number }) {
  return (
    <Box flexDirection="column">
      {gates.map((gate) => (
        <Box key={gate.gate} flexDirection="column">
          <Box gap={1}>
            {gate.verdict === "running" ? <Spinner /> : <Text color={gate.verdict === "passed" ? "green" : "red"}>{gate.verdict === "passed" ? "✓" : "✗"}</Text>}
            <Text bold>gate {gate.gate}</Text>
            <Text dimColor>{describeCounts(gate.counts)}</Text>
          </Box>
          {worstFirst(gate.latest).slice(0, targetsPerGate).map((m) => (
            <Box key={m.target ?? "(all)"} marginLeft={2} gap={1}>
              <Box width={21} flexShrink={0}>
                <Text wrap="truncate-end">{m.target ?? "(all)"}</Text>
              </Box>
              <Box width={12} flexShrink={0}>
                <Text color={STATUS_COLOUR[m.status]}>{m.status}</Text>
              </Box>
              <Text wrap="truncate-end">
                {m.value ?? ""}
                {m.message ? <Text dimColor> {m.message}</Text> : null}
              </Text>
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}

function describeCounts(counts: GateView["counts"]): string {
  const parts = [
    [counts.Successful, "ok"],
    [counts.Failed, "failed"],
    [counts.Inconclusive, "inconclusive"],
    [counts.Error, "errors"],
  ] as const;
  return parts
    .filter(([count]) => count > 0)
    .map(([count, label]) => `${count} ${label}`)
    .join(" · ");
}

const SEVERITY: Record<GateStatus, number> = { Failed: 0, Error: 1, Inconclusive: 2, Successful: 3 };

/** When not every target fits, the ones in trouble are the ones to show. */
function worstFirst(measurements: GateView["latest"]): GateView["latest"] {
  return [...measurements].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
}
