import { Box, Text } from "ink";
import type { PhaseView, RollbackView } from "./reducer.js";

function heading(status: PhaseView["status"] | undefined): string {
  if (status === "ok") return "Rolled back";
  if (status === "failed") return "Rollback FAILED";
  return "Rolling back";
}

export function RollbackPanel({ rollback, status }: { rollback: RollbackView; status?: PhaseView["status"] }) {
  const colour = status === "failed" ? "red" : "yellow";
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={colour} paddingX={1}>
      <Text color={colour} bold>
        {heading(status)}
      </Text>
      <Text wrap="wrap">why: {rollback.reason}</Text>
      {rollback.gate ? <Text>gate: {rollback.gate}</Text> : null}
      {rollback.target ? <Text>on: {rollback.target}</Text> : null}
      {rollback.evidence.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text dimColor>last evidence:</Text>
          {rollback.evidence.map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {"  "}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
