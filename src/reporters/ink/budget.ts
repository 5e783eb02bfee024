// How much of each section fits. Ink redraws the whole screen (and wipes the scrollback) when the
// live area is taller than the terminal, so the live area shrinks on small terminals.

export interface Budget {
  tailLines: number;
  instanceRows: number;
  targetsPerGate: number;
  evidenceLines: number;
  /** Blank lines between sections. */
  gap: number;
}

export function budgetFor(rows: number | undefined): Budget {
  const height = rows && rows > 0 ? rows : 24;
  if (height >= 40) return { tailLines: 8, instanceRows: 12, targetsPerGate: 6, evidenceLines: 6, gap: 1 };
  if (height >= 24) return { tailLines: 5, instanceRows: 3, targetsPerGate: 2, evidenceLines: 2, gap: 0 };
  return { tailLines: 3, instanceRows: 2, targetsPerGate: 1, evidenceLines: 1, gap: 0 };
}
