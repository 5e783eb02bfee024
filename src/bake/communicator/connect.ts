// Opening the SSH connection: retried with backoff until the deadline (a fresh instance refuses
// connections, then rejects keys until cloud-init has installed them), with the host key checked
// against the fingerprints the instance printed. A wrong host key is never retried.

import { Client, type ConnectConfig } from "ssh2";
import type { Duplex } from "node:stream";
import { RollError, isRollError } from "../../engine/errors.js";
import { throwIfAborted } from "../../engine/steps.js";
import { formatDuration } from "../duration.js";
import { sleep } from "../sleep.js";
import { fingerprintOf } from "./host-keys.js";
import { SshCommunicator } from "./ssh-communicator.js";
import type { Communicator, ConnectOptions } from "./types.js";

const MAX_ATTEMPT_MS = 20_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 3_000;

interface Endpoint {
  host: string;
  port: number;
  username: string;
  privateKey?: string | Buffer;
  agent?: string;
  expectedHostKeys?: string[];
}

function hostKeyMismatch(endpoint: Endpoint, presented: string): RollError {
  return new RollError(
    "ssh-host-key-mismatch",
    `refusing to connect to ${endpoint.host}:${endpoint.port}: its host key ${presented} matches none of the expected fingerprints (${endpoint.expectedHostKeys!.join(", ")})`,
    { fault: "external", hint: "someone may be intercepting the connection, or the address now belongs to another machine" },
  );
}

/** One attempt: resolves with a ready client, or rejects with the reason. */
function openClient(endpoint: Endpoint, readyTimeout: number, keepaliveInterval: number, signal: AbortSignal, sock?: Duplex): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let mismatch: string | undefined;
    const onAbort = () => {
      client.end();
      reject(new RollError("cancelled", "cancelled by the user", { fault: "user", cause: signal.reason }));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => signal.removeEventListener("abort", onAbort);
    const expected = endpoint.expectedHostKeys;
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.username,
      readyTimeout,
      keepaliveInterval,
      keepaliveCountMax: 3,
      ...(endpoint.privateKey !== undefined ? { privateKey: endpoint.privateKey } : {}),
      ...(endpoint.agent ? { agent: endpoint.agent } : {}),
      ...(sock ? { sock } : {}),
      ...(expected && expected.length > 0
        ? {
            hostVerifier: (key: Buffer) => {
              const presented = fingerprintOf(key);
              if (expected.includes(presented)) return true;
              mismatch = presented;
              return false;
            },
          }
        : {}),
    };
    client.once("ready", () => {
      done();
      resolve(client);
    });
    client.once("error", (error: Error) => {
      done();
      client.end();
      reject(mismatch ? hostKeyMismatch(endpoint, mismatch) : error);
    });
    client.once("close", () => {
      done();
      reject(mismatch ? hostKeyMismatch(endpoint, mismatch) : new Error("connection closed during the handshake"));
    });
    client.connect(config);
  });
}

function forwardThrough(bastion: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    bastion.forwardOut("127.0.0.1", 0, host, port, (error, channel) => {
      if (error) reject(new Error(`bastion could not reach ${host}:${port}: ${error.message}`));
      else resolve(channel);
    });
  });
}

async function attempt(options: ConnectOptions, port: number, readyTimeout: number): Promise<Communicator> {
  const keepalive = options.keepaliveIntervalMs ?? 5_000;
  const target: Endpoint = { ...options, port };
  if (!options.bastion) {
    const client = await openClient(target, readyTimeout, keepalive, options.signal);
    return new SshCommunicator(options.host, port, client, undefined, options.signal);
  }
  const bastionEndpoint: Endpoint = { ...options.bastion, port: options.bastion.port ?? 22 };
  const bastion = await openClient(bastionEndpoint, readyTimeout, keepalive, options.signal);
  try {
    const sock = await forwardThrough(bastion, options.host, port);
    const client = await openClient(target, readyTimeout, keepalive, options.signal, sock);
    return new SshCommunicator(options.host, port, client, bastion, options.signal);
  } catch (error) {
    bastion.end();
    throw error;
  }
}

export async function connect(options: ConnectOptions): Promise<Communicator> {
  const port = options.port ?? 22;
  if (options.privateKey === undefined && !options.agent) {
    throw new RollError("ssh-no-credentials", "no SSH credentials: give a private key or an agent", { fault: "internal" });
  }
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  let delay = FIRST_RETRY_MS;
  for (;;) {
    throwIfAborted(options.signal);
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      return await attempt(options, port, Math.max(1_000, Math.min(remaining, MAX_ATTEMPT_MS)));
    } catch (error) {
      throwIfAborted(options.signal);
      if (isRollError(error)) throw error; // a host-key mismatch or a cancel: retrying cannot help
      lastError = error;
    }
    const wait = Math.min(delay, deadline - Date.now());
    if (wait <= 0) break;
    await sleep(wait, options.signal);
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
  const last = lastError instanceof Error ? lastError.message : lastError === undefined ? "no attempt finished" : String(lastError);
  const via = options.bastion ? ` via bastion ${options.bastion.host}:${options.bastion.port ?? 22}` : "";
  throw new RollError(
    "ssh-timeout",
    `timed out after ${formatDuration(options.timeoutMs)} waiting for SSH on ${options.host}:${port}${via}: last error: ${last}`,
    { fault: "external", cause: lastError },
  );
}
