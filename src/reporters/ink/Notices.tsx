import { Box, Text } from "ink";
import type { ViewState } from "./reducer.js";

export function Notices({ notices }: { notices: ViewState["notices"] }) {
  return (
    <Box flexDirection="column">
      {notices.map((notice, i) => (
        <Text key={i} color={notice.tone === "bad" ? "red" : "yellow"} wrap="wrap">
          {notice.tone === "bad" ? "✗" : "!"} {notice.text}
        </Text>
      ))}
    </Box>
  );
}
