// The builder's SSH host-key fingerprints, read from its console output (cloud-init prints them at
// boot, as do sandbox instances). Packer trusts whatever key answers; roll pins these.

import { GetConsoleOutputCommand } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { fingerprintsFromConsole } from "../communicator/host-keys.js";
import { formatDuration } from "../duration.js";
import { sleep } from "../sleep.js";
import { call } from "./aws.js";
import type { EbsState } from "./state.js";

export const readHostKeys: Step<EbsState> = {
  name: "host-keys",
  async run(state, { signal, emit }) {
    if (state.config.communicator !== "ssh") return;
    const instanceId = state.instanceId!;
    const deadline = state.sshDeadline ?? Date.now() + state.config.sshTimeoutMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
      const result = await call("GetConsoleOutput", () =>
        state.ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }), { abortSignal: signal }),
      );
      const text = result.Output ? Buffer.from(result.Output, "base64").toString("utf8") : "";
      const fingerprints = fingerprintsFromConsole(text);
      if (fingerprints.length > 0) {
        state.hostKeyFingerprints = fingerprints;
        emit({ type: "log", level: "info", message: `host keys of ${instanceId}: ${fingerprints.join(", ")}` });
        return;
      }
      if (Date.now() + delay > deadline) {
        throw new RollError(
          "no-host-keys",
          `no SSH host-key fingerprints appeared in the console output of ${instanceId} within ${formatDuration(state.config.sshTimeoutMs)} (ssh_timeout)`,
          { fault: "external", hint: "the source image must print its host keys at boot (cloud-init does); roll will not connect to an unverified host" },
        );
      }
      await sleep(delay, signal);
    }
  },
};
