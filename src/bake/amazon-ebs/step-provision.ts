// The template's provisioners, in order, over the SSH session.

import type { Step } from "../../engine/steps.js";
import { runProvisioners } from "../provisioners/run.js";
import type { EbsState } from "./state.js";

export const provision: Step<EbsState> = {
  name: "provision",
  async run(state, { signal, emit }) {
    await runProvisioners(state.provisioners, {
      session: state.session,
      templateRoot: state.templateRoot,
      builderType: "amazon-ebs",
      buildName: state.config.buildName,
      signal,
      emit,
      confirm: state.confirm,
    });
  },
};
