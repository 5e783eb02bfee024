import { Box, Text } from "ink";
import type { OutputLine, ProvisionerView } from "./reducer.js";

export function OutputTail({ lines, provisioner }: { lines: OutputLine[]; provisioner?: ProvisionerView }) {
  return (
    <Box flexDirection="column" marginLeft={2}>
      {provisioner ? (
        <Text dimColor>
          provisioner {provisioner.index + 1} ({provisioner.provisioner}){provisioner.status === "failed" ? " failed" : ""}
        </Text>
      ) : null}
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end" color={line.stream === "stderr" ? "yellow" : undefined} dimColor={line.stream === "stdout"}>
          │ {line.line}
        </Text>
      ))}
    </Box>
  );
}
