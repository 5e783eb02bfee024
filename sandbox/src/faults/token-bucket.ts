// A token bucket as EC2 documents it: a bucket holds up to `capacity` tokens and gains `refillPerSecond`
// tokens every second (continuously here, which averages to the same rate); a request that finds too
// few tokens is throttled and takes none.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  available(now: number): number {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
      this.last = now;
    }
    return this.tokens;
  }

  /** Takes `count` tokens if there are that many. */
  take(count: number, now: number): boolean {
    if (this.available(now) < count) return false;
    this.tokens -= count;
    return true;
  }
}
