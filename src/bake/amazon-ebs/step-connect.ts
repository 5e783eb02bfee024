// SSH to the builder with the in-memory key, host key pinned, within what is left of ssh_timeout.

import type { Step } from "../../engine/steps.js";
import { connect } from "../communicator/connect.js";
import { createSession } from "../communicator/session.js";
import type { ConnectOptions } from "../communicator/types.js";
import type { EbsState } from "./state.js";

export const connectSsh: Step<EbsState> = {
  name: "connect",
  async run(state, { signal, emit }) {
    const { config } = state;
    if (config.communicator !== "ssh") return;
    const agent = config.sshAgentAuth || config.bastion?.agentAuth ? process.env.SSH_AUTH_SOCK : undefined;
    const options: ConnectOptions = {
      host: state.sshHost!,
      port: config.sshPort,
      username: config.sshUsername,
      ...(state.privateKey ? { privateKey: state.privateKey } : {}),
      ...(config.sshAgentAuth && agent ? { agent } : {}),
      timeoutMs: Math.max(1_000, (state.sshDeadline ?? Date.now() + config.sshTimeoutMs) - Date.now()),
      signal,
      expectedHostKeys: state.hostKeyFingerprints,
      keepaliveIntervalMs: config.sshKeepAliveMs,
      ...(config.bastion
        ? {
            bastion: {
              host: config.bastion.host,
              port: config.bastion.port,
              username: config.bastion.username,
              ...(config.bastion.privateKey ? { privateKey: config.bastion.privateKey } : {}),
              ...(config.bastion.agentAuth && agent ? { agent } : {}),
            },
          }
        : {}),
    };
    const first = await connect(options);
    // Later reconnects (after an expected reboot) get the full ssh_timeout again.
    state.session = createSession({ ...options, timeoutMs: config.sshTimeoutMs }, first);
    emit({ type: "log", level: "info", message: `connected over SSH to ${config.sshUsername}@${state.sshHost}:${config.sshPort}` });
  },
  async cleanup(state) {
    state.session?.close();
    state.session = undefined;
  },
};
