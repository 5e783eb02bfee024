// A connection that comes back: provisioners that reboot the machine (expect_disconnect) or lose the
// link get a fresh connection with the same options on their next use.

import { connect } from "./connect.js";
import type { Communicator, ConnectOptions } from "./types.js";

export interface RemoteSession {
  /** The live connection, reconnecting (with the full retry budget) when the last one closed. */
  get(): Promise<Communicator>;
  close(): void;
}

export function createSession(options: ConnectOptions, first?: Communicator): RemoteSession {
  let current: Communicator | undefined = first;
  let closed = false;
  let alive = first !== undefined;
  const watch = (comm: Communicator) => void comm.closed.then(() => {
    if (current === comm) alive = false;
  });
  if (first) watch(first);
  return {
    async get() {
      if (current && alive) return current;
      if (closed) throw new Error("the SSH session was closed");
      const comm = await connect(options);
      current = comm;
      alive = true;
      watch(comm);
      return comm;
    },
    close() {
      closed = true;
      current?.close();
    },
  };
}

/** A session over one fixed connection, for callers that manage the connection themselves. */
export function fixedSession(comm: Communicator): RemoteSession {
  return { get: async () => comm, close: () => comm.close() };
}
