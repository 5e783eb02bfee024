// Waiting for the cloud, by polling its state. With aws_polling the delay and number of attempts are
// the user's (as in Packer); without, polls start fast and back off, bounded by a total time, so a
// quick cloud (the sandbox) is not slowed down by AWS-sized fixed delays.

import { RollError } from "../../engine/errors.js";
import { formatDuration } from "../duration.js";
import { sleep } from "../sleep.js";
import type { Polling } from "./config.js";

export type PollResult<T> = { done: true; value: T } | { done: false; status: string };

export interface WaitOptions {
  /** e.g. "instance i-123 to be running" */
  what: string;
  signal: AbortSignal;
  polling?: Polling;
  /** Bound when no aws_polling is configured. */
  timeoutMs: number;
}

export async function waitFor<T>(poll: () => Promise<PollResult<T>>, options: WaitOptions): Promise<T> {
  const started = Date.now();
  let delay = 200;
  let status = "unknown";
  for (let attempt = 1; ; attempt++) {
    const result = await poll();
    if (result.done) return result.value;
    status = result.status;
    if (options.polling) {
      if (attempt >= options.polling.maxAttempts) {
        throw new RollError("wait-timeout", `gave up waiting for ${options.what} after ${attempt} attempts (aws_polling); last state: ${status}`, { fault: "external" });
      }
      await sleep(options.polling.delayMs, options.signal);
      continue;
    }
    if (Date.now() - started + delay > options.timeoutMs) {
      throw new RollError("wait-timeout", `timed out after ${formatDuration(options.timeoutMs)} waiting for ${options.what}; last state: ${status}`, { fault: "external" });
    }
    await sleep(delay, options.signal);
    delay = Math.min(delay * 1.6, 5_000);
  }
}
