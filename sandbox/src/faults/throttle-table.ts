// Bucket sizes, from "Request throttling for the Amazon EC2 API"
// (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html, "Request token bucket
// sizes and refill rates" and "Resource token bucket sizes and refill rates"): EC2 throttles per
// account and region, and each API has its own bucket sized by its category.
//
// Auto Scaling publishes no bucket sizes; it answers `Throttling` ("Rate exceeded", HTTP 400) from one
// budget shared by all its actions. The sandbox's numbers for it (40 tokens, 8 per second) are its own
// choice, in the range users report hitting; they are not AWS figures.

export interface BucketSize {
  capacity: number;
  refillPerSecond: number;
}

export const EC2_NON_MUTATING: BucketSize = { capacity: 100, refillPerSecond: 20 };
export const EC2_MUTATING: BucketSize = { capacity: 50, refillPerSecond: 5 };

/** Actions with a documented bucket of their own size. */
export const EC2_REQUEST_BUCKETS: Record<string, BucketSize> = {
  RunInstances: { capacity: 5, refillPerSecond: 2 },
  TerminateInstances: { capacity: 100, refillPerSecond: 5 },
  CreateTags: { capacity: 100, refillPerSecond: 10 },
  CopyImage: { capacity: 100, refillPerSecond: 1 },
};

/** Resource buckets: one token per instance the request names or launches. */
export const EC2_RESOURCE_BUCKETS: Record<string, BucketSize> = {
  RunInstances: { capacity: 1000, refillPerSecond: 2 },
};

export const AUTOSCALING_SHARED: BucketSize = { capacity: 40, refillPerSecond: 8 };

/** Describe*, Get* and List* calls read only; everything else mutates. */
export function ec2RequestBucket(action: string): BucketSize {
  return EC2_REQUEST_BUCKETS[action] ?? (/^(Describe|Get|List)/.test(action) ? EC2_NON_MUTATING : EC2_MUTATING);
}
