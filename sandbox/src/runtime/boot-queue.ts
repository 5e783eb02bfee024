// Limits how many instances boot at once.
//
// Starting an instance forks `setpriv`, and Node's spawn blocks the event loop until the child has
// exec'd. With a hundred boots in flight their setup scripts saturate the CPUs, each fork waits its turn,
// and the API stops answering for half a minute (measured: 100 boots, 31 s inside spawn, one 25 s stall).
// A small queue keeps the total boot time about the same while the API keeps answering.

import os from "node:os";

export function defaultBootConcurrency(): number {
  return Math.max(2, os.availableParallelism() * 4);
}

export class BootQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
