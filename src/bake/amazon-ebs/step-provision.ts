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
      // Packer's build.* variables for this machine (docs: contextual variables).
      buildFacts: {
        ID: state.instanceId ?? "",
        Host: state.sshHost ?? "",
        Port: String(state.config.sshPort),
        User: state.config.sshUsername,
        ConnType: state.config.communicator,
        PackerRunUUID: state.runUuid,
        SourceAMI: state.sourceImageId ?? "",
        Region: state.region,
        BuildRegion: state.region,
      },
    });
  },
};
