import { Box, Text } from "ink";
import type { InstanceView } from "../../engine/events.js";

const COLUMNS = [
  { title: "INSTANCE", width: 22 },
  { title: "ADDRESS", width: 16 },
  { title: "VERSION", width: 9 },
  { title: "LIFECYCLE", width: 20 },
  { title: "HEALTH", width: 10 },
] as const;

function healthColour(health: string): string | undefined {
  if (/^healthy$/i.test(health)) return "green";
  if (/unhealthy/i.test(health)) return "red";
  return "yellow";
}

export function InstanceTable({ instances, newVersion, maxRows }: { instances: InstanceView[]; newVersion?: string; maxRows: number }) {
  const shown = instances.slice(0, maxRows);
  return (
    <Box flexDirection="column">
      <Box>
        {COLUMNS.map((column) => (
          <Box key={column.title} width={column.width}>
            <Text dimColor>{column.title}</Text>
          </Box>
        ))}
      </Box>
      {shown.map((instance) => (
        <Box key={instance.id}>
          <Box width={COLUMNS[0].width}>
            <Text>{instance.id}</Text>
          </Box>
          <Box width={COLUMNS[1].width}>
            <Text>{instance.ip ?? "-"}</Text>
          </Box>
          <Box width={COLUMNS[2].width}>
            <Text bold={instance.version !== undefined && instance.version === newVersion}>{instance.version ?? "-"}</Text>
          </Box>
          <Box width={COLUMNS[3].width}>
            <Text>{instance.lifecycle}</Text>
          </Box>
          <Box width={COLUMNS[4].width}>
            <Text color={healthColour(instance.health)}>{instance.health}</Text>
          </Box>
        </Box>
      ))}
      {instances.length > shown.length ? <Text dimColor>… and {instances.length - shown.length} more</Text> : null}
    </Box>
  );
}
