import { Box, Text } from "ink";
import { progressBar } from "../format.js";
import type { RefreshView } from "./reducer.js";

const BAR_WIDTH = 24;

function statusColour(status: string): string | undefined {
  // AWS statuses: Pending, InProgress, Successful, Failed, Cancelling, Cancelled, RollbackInProgress,
  // RollbackFailed, RollbackSuccessful, Baking. A successful rollback is still not a success.
  if (status === "Successful") return "green";
  if (/Fail|Cancel/.test(status)) return "red";
  if (status.startsWith("Rollback")) return "yellow";
  return "cyan";
}

export function RefreshProgress({ refresh }: { refresh: RefreshView }) {
  return (
    <Box flexDirection="column">
      <Box gap={1}>
        <Text bold>Instance refresh</Text>
        <Text dimColor>{refresh.refreshId}</Text>
        <Text color={statusColour(refresh.status)}>{refresh.status}</Text>
      </Box>
      <Box gap={1} marginLeft={2}>
        <Text color={statusColour(refresh.status)}>{progressBar(refresh.percentage, BAR_WIDTH)}</Text>
        <Text>{`${Math.round(refresh.percentage)}%`.padStart(4)}</Text>
        {refresh.checkpoint !== undefined ? <Text>checkpoint {refresh.checkpoint}%</Text> : null}
        {refresh.instancesToUpdate !== undefined ? <Text dimColor>{refresh.instancesToUpdate} to update</Text> : null}
      </Box>
      {refresh.reason ? (
        <Box marginLeft={2}>
          <Text dimColor wrap="wrap">
            {refresh.reason}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
