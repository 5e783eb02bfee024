import { Box, Text } from "ink";
import type { PhaseView, RollbackView } from "./reducer.js";

function heading(status: PhaseView["status"] | undefined): string {
  if (status === "ok") return "Rolled back";
  if (status === "failed") return "Rollback FAILED";
  return "Rolling back";
}

export function RollbackPanel({ rollback, status, evidenceLines }: { rollback: RollbackView; status?: PhaseView["status"]; evidenceLines: number }) {
  const colour = status === "failed" ? "red" : "yellow";
  const where = [rollback.gate ? `gate ${rollback.gate}` : "", rollback.target ? `on ${rollback.target}` : ""].filter(Boolean).join(" ");
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={colour} paddingX={1}>
      <Text wrap="wrap">
        <Text color={colour} bold>
          {heading(status)}:
        </Text>{" "}
        {rollback.reason}
      </Text>
      {where ? <Text dimColor>{where}</Text> : null}
      {rollback.evidence.slice(-evidenceLines).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          › {line}
        </Text>
      ))}
    </Box>
  );
}
