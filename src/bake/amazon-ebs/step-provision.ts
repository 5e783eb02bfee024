// The template's provisioners, in order, over the SSH session; when one fails, the build's
// error-cleanup-provisioner runs on the same machine before the steps clean up (as in Packer).

import { isAbort } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { runProvisioner, runProvisioners } from "../provisioners/run.js";
import type { ProvisionerRunContext } from "../provisioners/types.js";
import type { EbsState } from "./state.js";

export const provision: Step<EbsState> = {
  name: "provision",
  async run(state, { signal, emit }) {
    const ctx: ProvisionerRunContext = {
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
    };
    try {
      await runProvisioners(state.provisioners, ctx);
    } catch (error) {
      if (state.errorCleanup && !signal.aborted && !isAbort(error)) {
        emit({ type: "log", level: "warn", message: "a provisioner failed: running the error-cleanup-provisioner" });
        // Its own failure is reported, never in place of the error that made it run.
        await runProvisioner(state.errorCleanup, ctx).catch((cleanupError: unknown) =>
          emit({ type: "log", level: "error", message: `error-cleanup-provisioner failed: ${(cleanupError as Error).message}` }),
        );
      }
      throw error;
    }
  },
};
