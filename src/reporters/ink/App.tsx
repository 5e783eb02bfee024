// The live view: one column of sections, each shown once it has something to say.
import { Box, Text } from "ink";
import { Gates } from "./Gates.js";
import { InstanceTable } from "./InstanceTable.js";
import { Notices } from "./Notices.js";
import { OutputTail } from "./OutputTail.js";
import { Phases } from "./Phases.js";
import type { ViewState } from "./reducer.js";
import { RefreshProgress } from "./RefreshProgress.js";
import { RollbackPanel } from "./RollbackPanel.js";
import type { ViewStore } from "./store.js";
import { useViewState } from "./use-view-state.js";
import { Verdict } from "./Verdict.js";

export function App({ store }: { store: ViewStore }) {
  return <View state={useViewState(store)} />;
}

export function View({ state }: { state: ViewState }) {
  return (
    <Box flexDirection="column" gap={1}>
      <Box gap={2}>
        <Text bold>{state.title}</Text>
        {state.image ? (
          <Text dimColor>
            image {state.image.version} {state.image.imageId}
            {state.image.reused ? " (reused)" : ""}
          </Text>
        ) : null}
      </Box>
      {state.phases.length > 0 ? <Phases phases={state.phases} /> : null}
      {showOutputTail(state) ? <OutputTail lines={state.output} provisioner={state.provisioner} /> : null}
      {state.refresh ? <RefreshProgress refresh={state.refresh} /> : null}
      {state.instances.length > 0 ? <InstanceTable instances={state.instances} newVersion={state.image?.version} /> : null}
      {state.gates.length > 0 ? <Gates gates={state.gates} /> : null}
      {state.rollback ? <RollbackPanel rollback={state.rollback} status={state.phases.find((view) => view.phase === "rollback")?.status} /> : null}
      {state.notices.length > 0 ? <Notices notices={state.notices} /> : null}
      {state.result ? <Verdict result={state.result} /> : null}
    </Box>
  );
}

/** Output matters while its phase runs, and stays on screen when that phase failed. */
function showOutputTail(state: ViewState): boolean {
  const last = state.output.at(-1);
  if (!last) return false;
  const phase = state.phases.find((view) => view.phase === last.phase);
  return phase?.status === "running" || phase?.status === "failed";
}
