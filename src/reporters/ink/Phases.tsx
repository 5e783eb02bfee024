import { Box, Text } from "ink";
import { formatDuration } from "../format.js";
import type { PhaseView } from "./reducer.js";
import { Spinner } from "./Spinner.js";
import { useNow } from "./use-now.js";

export function Phases({ phases }: { phases: PhaseView[] }) {
  return (
    <Box flexDirection="column">
      {phases.map((phase) => (
        <PhaseRow key={phase.phase} phase={phase} />
      ))}
    </Box>
  );
}

function PhaseRow({ phase }: { phase: PhaseView }) {
  return (
    <Box>
      <Box width={2}>
        <PhaseMark status={phase.status} />
      </Box>
      <Box width={10}>
        <Text bold={phase.status === "running"}>{phase.phase}</Text>
      </Box>
      <Box width={8}>
        {phase.status === "running" ? <Elapsed since={phase.startedAt} /> : <Text dimColor>{formatDuration(phase.durationMs ?? 0)}</Text>}
      </Box>
      <Box flexShrink={1}>
        <Text wrap="truncate-end">
          {phase.title}
          {phase.status === "running" && phase.note ? <Text dimColor> · {phase.note}</Text> : null}
          {phase.status !== "running" && phase.detail ? <Text color={phase.status === "failed" ? "red" : undefined} dimColor={phase.status !== "failed"}> · {phase.detail}</Text> : null}
        </Text>
      </Box>
    </Box>
  );
}

function PhaseMark({ status }: { status: PhaseView["status"] }) {
  if (status === "running") return <Spinner />;
  if (status === "ok") return <Text color="green">✓</Text>;
  if (status === "failed") return <Text color="red">✗</Text>;
  return <Text dimColor>–</Text>;
}

function Elapsed({ since }: { since: number }) {
  const now = useNow(100);
  return <Text>{formatDuration(now - since)}</Text>;
}
