import { Box, Text } from "ink";
import { formatDuration } from "../format.js";
import type { PhaseView } from "./reducer.js";
import { Spinner } from "./Spinner.js";
import { useNow } from "./use-now.js";

export function PhaseRow({ phase }: { phase: PhaseView }) {
  const running = phase.status === "running";
  const extra = running ? phase.note : phase.detail;
  return (
    <Box>
      <Box width={2} flexShrink={0}>
        <PhaseMark status={phase.status} />
      </Box>
      <Box width={10} flexShrink={0}>
        <Text bold={running}>{phase.phase}</Text>
      </Box>
      <Box width={8} flexShrink={0}>
        {running ? <Elapsed since={phase.startedAt} /> : <Text dimColor>{formatDuration(phase.durationMs ?? 0)}</Text>}
      </Box>
      <Text wrap="truncate-end">
        {phase.title}
        {extra ? (
          <Text color={phase.status === "failed" ? "red" : undefined} dimColor={phase.status !== "failed"}>
            {" · "}
            {extra}
          </Text>
        ) : null}
      </Text>
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
