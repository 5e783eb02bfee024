// Written once above the live area and never redrawn, so it survives in the terminal's scrollback.
import { Box, Static, Text, useStdout } from "ink";
import { PhaseRow } from "./PhaseRow.js";
import type { HistoryLine } from "./reducer.js";

type Item = { kind: "title"; key: number; title: string } | HistoryLine;

export function History({ title, history }: { title: string; history: HistoryLine[] }) {
  const items: Item[] = [{ kind: "title", key: -1, title }, ...history];
  // Static output is laid out without the terminal's width; without one, long lines would not be
  // truncated and the terminal would wrap them.
  const width = useStdout().stdout.columns || 80;
  return (
    <Static items={items}>
      {(item) => (
        <Box key={item.key} width={width}>
          <HistoryItem item={item} />
        </Box>
      )}
    </Static>
  );
}

function HistoryItem({ item }: { item: Item }) {
  switch (item.kind) {
    case "title":
      return <Text bold>{item.title}</Text>;
    case "phase":
      return <PhaseRow phase={item.phase} />;
    case "image":
      return (
        <Text dimColor>
          {"  └ "}image {item.version} {item.imageId}
          {item.reused ? " (reused: same content)" : ""}
        </Text>
      );
    case "evidence":
      return (
        <Box flexDirection="column">
          {item.lines.map((line, i) => (
            <Text key={i} dimColor={i > 0} wrap={i === 0 ? "wrap" : "truncate-end"}>
              {i === 0 ? "  └ " : "    "}
              {line}
            </Text>
          ))}
        </Box>
      );
    case "notice":
      return (
        <Text color={item.tone === "bad" ? "red" : "yellow"} wrap="wrap">
          {item.tone === "bad" ? "✗" : "!"} {item.text}
        </Text>
      );
  }
}
