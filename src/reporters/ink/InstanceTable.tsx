import { Box, Text } from "ink";
import type { InstanceView } from "../../engine/events.js";

const COLUMNS = [
  { title: "INSTANCE", width: 21 },
  { title: "ADDRESS", width: 16 },
  { title: "VERSION", width: 9 },
  { title: "LIFECYCLE", width: 18 },
  { title: "HEALTH", width: 10 },
] as const;

function healthColour(health: string): string | undefined {
  if (/^healthy$/i.test(health)) return "green";
  if (/unhealthy/i.test(health)) return "red";
  return "yellow";
}

/** Fixed-width cells; on a narrow terminal the right-hand columns are cut off rather than wrapped. */
function Row({ cells }: { cells: { text: string; colour?: string; bold?: boolean; dim?: boolean }[] }) {
  return (
    <Box overflowX="hidden">
      {cells.map((cell, i) => (
        <Box key={i} width={COLUMNS[i]!.width} flexShrink={0}>
          <Text wrap="truncate-end" color={cell.colour} bold={cell.bold} dimColor={cell.dim}>
            {cell.text}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

export function InstanceTable({ instances, newVersion, maxRows }: { instances: InstanceView[]; newVersion?: string; maxRows: number }) {
  const shown = instances.slice(0, maxRows);
  return (
    <Box flexDirection="column">
      <Row cells={COLUMNS.map((column) => ({ text: column.title, dim: true }))} />
      {shown.map((instance) => (
        <Row
          key={instance.id}
          cells={[
            { text: instance.id },
            { text: instance.ip ?? "-" },
            { text: instance.version ?? "-", bold: instance.version !== undefined && instance.version === newVersion },
            { text: instance.lifecycle },
            { text: instance.health, colour: healthColour(instance.health) },
          ]}
        />
      ))}
      {instances.length > shown.length ? <Text dimColor>… and {instances.length - shown.length} more</Text> : null}
    </Box>
  );
}
