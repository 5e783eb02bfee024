// The one sentence that ends every run, worded once for all reporters.

import type { Outcome, ResultEvent } from "../engine/events.js";
import { formatDuration } from "./format.js";

export type VerdictTone = "good" | "warning" | "bad";

export function verdictTone(outcome: Outcome): VerdictTone {
  switch (outcome) {
    case "deployed":
    case "baked":
    case "reused":
    case "up-to-date":
      return "good";
    case "rolled-back":
    case "cancelled":
      return "warning";
    case "failed":
      return "bad";
  }
}

export function describeResult(result: ResultEvent): string {
  const took = formatDuration(result.durationMs);
  const version = result.version ?? "the new version";
  const because = result.reason ? `: ${result.reason}` : "";
  const rebake = result.rebake;
  switch (result.outcome) {
    case "deployed":
      return `deployed ${version} in ${took}${rebake ? ` (rebake: ${rebake.verdict})` : ""}`;
    case "baked":
      return `baked ${version}${result.imageId ? ` (${result.imageId})` : ""} in ${took}`;
    case "reused":
      return `reused ${version}${result.imageId ? ` (${result.imageId})` : ""}: an image with the same content already exists`;
    case "up-to-date":
      if (rebake) return `${result.live ?? version} is ${rebake.verdict}${rebake.baked ? `; ${rebake.baked} discarded` : ""}`;
      return `${result.live ?? version} is already live; nothing to do`;
    case "rolled-back":
      return `rolled back to ${result.live ?? "the previous version"}${because}`;
    case "cancelled":
      return `cancelled after ${took}${because}`;
    case "failed":
      return `failed after ${took}${because}`;
  }
}
