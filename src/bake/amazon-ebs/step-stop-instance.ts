// Stop the builder before imaging it, so the file systems are quiet (Packer's StepStopEBSBackedInstance).

import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import { describeInstance, stateReason } from "./instances.js";
import type { EbsState } from "./state.js";
import { waitFor } from "./wait.js";

export const stopInstance: Step<EbsState> = {
  name: "stop-instance",
  async run(state, { signal, emit }) {
    if (state.config.skipCreateAmi) return;
    const instanceId = state.instanceId!;
    // Close SSH first: the machine is going away and a dangling session only produces noise.
    state.session?.close();
    await call("StopInstances", () => state.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal }));
    await waitFor(
      async () => {
        const instance = await describeInstance(state.ec2, instanceId, signal);
        const name = instance?.State?.Name ?? "gone";
        if (name === "stopped") return { done: true, value: undefined };
        if (name !== "stopping" && name !== "running" && name !== "pending") {
          throw new RollError("instance-failed", `builder instance ${instanceId} is ${name} instead of stopped${instance ? `: ${stateReason(instance)}` : ""}`, { fault: "external" });
        }
        return { done: false, status: name };
      },
      { what: `instance ${instanceId} to stop`, signal, polling: state.config.polling, timeoutMs: 10 * 60_000 },
    );
    emit({ type: "log", level: "info", message: `builder instance ${instanceId} stopped` });
  },
};
