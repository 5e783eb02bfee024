import { Text } from "ink";
import type { ResultEvent } from "../../engine/events.js";
import { describeResult, verdictTone } from "../verdict.js";

const TONE_COLOUR = { good: "green", warning: "yellow", bad: "red" } as const;

export function Verdict({ result }: { result: ResultEvent }) {
  const tone = verdictTone(result.outcome);
  return (
    <Text bold color={TONE_COLOUR[tone]} wrap="wrap">
      {mark(result.outcome)} {describeResult(result)}
    </Text>
  );
}

function mark(outcome: ResultEvent["outcome"]): string {
  if (outcome === "rolled-back") return "↺";
  const tone = verdictTone(outcome);
  return tone === "good" ? "✓" : tone === "bad" ? "✗" : "!";
}
