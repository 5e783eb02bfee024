import { Box } from "ink";
import { PhaseRow } from "./PhaseRow.js";
import type { PhaseView } from "./reducer.js";

/** The phases still running; finished ones have moved to the history above. */
export function Phases({ phases }: { phases: PhaseView[] }) {
  return (
    <Box flexDirection="column">
      {phases.map((phase) => (
        <PhaseRow key={phase.phase} phase={phase} />
      ))}
    </Box>
  );
}
