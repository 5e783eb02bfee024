// ANSI colour for the plain reporter, only on a terminal and never when NO_COLOR is set
// (https://no-color.org): log files and CI consoles get clean text.

import type { OutputStream } from "../types.js";

export type Tone = "good" | "warning" | "bad" | "dim";

const CODES: Record<Tone, [number, number]> = {
  good: [32, 39],
  warning: [33, 39],
  bad: [31, 39],
  dim: [2, 22],
};

export type Paint = (tone: Tone, text: string) => string;

export function paintFor(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): Paint {
  const enabled = (stream as { isTTY?: boolean }).isTTY === true && !("NO_COLOR" in env && env.NO_COLOR !== "");
  if (!enabled) return (_tone, text) => text;
  return (tone, text) => `\u001B[${CODES[tone][0]}m${text}\u001B[${CODES[tone][1]}m`;
}
