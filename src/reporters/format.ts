// Small text helpers shared by the plain and Ink reporters, so both say the same thing the same way.

/** 950 -> "0.9s", 41_300 -> "41.3s", 125_000 -> "2m05s". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 100_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(safe / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

/** The fixed-width elapsed column of plain lines: "[  3.2s]". */
export function formatElapsed(ms: number): string {
  return `[${formatDuration(ms).padStart(6)}]`;
}

/** "[██████░░░░] 60%" */
export function progressBar(percentage: number, width: number): string {
  const clamped = Math.min(100, Math.max(0, Math.round(percentage)));
  const filled = Math.round((clamped / 100) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}
