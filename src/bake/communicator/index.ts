export { connect } from "./connect.js";
export { fingerprintOf, fingerprintsFromConsole } from "./host-keys.js";
export { isDisconnect } from "./errors.js";
export type { BastionOptions, Communicator, ConnectOptions, ExecOptions, ExecResult } from "./types.js";
export { createSession, fixedSession, type RemoteSession } from "./session.js";
