// Throttling with AWS's token buckets, kept per region (the sandbox has one account). A throttled
// request has no effect and takes no tokens; the error is what the real services answer.

import { ApiError } from "../wire/errors.js";
import { TokenBucket } from "./token-bucket.js";
import { AUTOSCALING_SHARED, EC2_RESOURCE_BUCKETS, ec2RequestBucket, type BucketSize } from "./throttle-table.js";

export interface ThrottledRequest {
  service: "ec2" | "autoscaling";
  action: string;
  region: string;
  /** Instances the request launches (RunInstances' MaxCount); 1 otherwise. */
  resourceCount: number;
}

export class Throttler {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now: () => number) {}

  private bucket(key: string, size: BucketSize): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(size.capacity, size.refillPerSecond, this.now())));
    return bucket;
  }

  /** Throws the service's throttling error when the request's buckets are short of tokens. */
  admit(request: ThrottledRequest): void {
    const now = this.now();
    if (request.service === "autoscaling") {
      if (!this.bucket(`${request.region}/autoscaling`, AUTOSCALING_SHARED).take(1, now)) {
        throw new ApiError("Throttling", "Rate exceeded", 400);
      }
      return;
    }
    const requests = this.bucket(`${request.region}/ec2/${request.action}`, ec2RequestBucket(request.action));
    const resourceSize = EC2_RESOURCE_BUCKETS[request.action];
    const resources = resourceSize ? this.bucket(`${request.region}/ec2/${request.action}/resources`, resourceSize) : undefined;
    // Both buckets must have room before either is charged.
    if (requests.available(now) < 1 || (resources && resources.available(now) < request.resourceCount)) {
      throw new ApiError("RequestLimitExceeded", "Request limit exceeded.", 503);
    }
    requests.take(1, now);
    resources?.take(request.resourceCount, now);
  }

  /** Forgets every bucket (throttling turned off and on again starts full). */
  reset(): void {
    this.buckets.clear();
  }
}
