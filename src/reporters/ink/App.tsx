// The live view: the history (finished phases, image, warnings) is written once above; below it,
// sections that are redrawn as events arrive, each shown once it has something to say.
import { Box, useStdout } from "ink";
import { budgetFor } from "./budget.js";
import { Gates } from "./Gates.js";
import { History } from "./History.js";
import { InstanceTable } from "./InstanceTable.js";
import { OutputTail } from "./OutputTail.js";
import { Phases } from "./Phases.js";
import type { ViewState } from "./reducer.js";
import { RefreshProgress } from "./RefreshProgress.js";
import { RollbackPanel } from "./RollbackPanel.js";
import type { ViewStore } from "./store.js";
import { useViewState } from "./use-view-state.js";
import { Verdict } from "./Verdict.js";

export function App({ store }: { store: ViewStore }) {
  const { stdout } = useStdout();
  return <View state={useViewState(store)} rows={stdout.rows} />;
}

export function View({ state, rows }: { state: ViewState; rows?: number }) {
  const budget = budgetFor(rows);
  const running = state.phases.filter((phase) => phase.status === "running");
  return (
    <>
      <History title={state.title} history={state.history} />
      <Box flexDirection="column" gap={budget.gap} marginTop={1}>
        {running.length > 0 ? <Phases phases={running} /> : null}
        {showOutputTail(state) ? <OutputTail lines={state.output.slice(-budget.tailLines)} provisioner={state.provisioner} /> : null}
        {state.refresh ? <RefreshProgress refresh={state.refresh} /> : null}
        {state.instances.length > 0 ? (
          <InstanceTable instances={state.instances} newVersion={state.image?.version} maxRows={budget.instanceRows} />
        ) : null}
        {state.gates.length > 0 ? <Gates gates={state.gates} targetsPerGate={budget.targetsPerGate} /> : null}
        {state.rollback ? (
          <RollbackPanel
            rollback={state.rollback}
            status={state.phases.find((view) => view.phase === "rollback")?.status}
            evidenceLines={budget.evidenceLines}
          />
        ) : null}
        {state.result ? <Verdict result={state.result} /> : null}
      </Box>
    </>
  );
}

/** Output matters while its phase runs, and stays on screen when that phase failed. */
function showOutputTail(state: ViewState): boolean {
  const last = state.output.at(-1);
  if (!last) return false;
  const phase = state.phases.find((view) => view.phase === last.phase);
  return phase?.status === "running" || phase?.status === "failed";
}
