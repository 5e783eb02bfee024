// How fast the sandbox's simulated cloud moves. Defaults are small so a demo deploy takes seconds;
// tests shrink them further. "API seconds" (InstanceWarmup, CheckpointDelay, BakeTime,
// HealthCheckGracePeriod, all given in seconds by clients) last `apiSecondMs` real milliseconds.

export interface Timing {
  /** Reconcile loop period. */
  tickMs: number;
  /** Extra time an instance stays pending after its runtime has booted. */
  instancePendingMs: number;
  instanceStoppingMs: number;
  instanceShuttingDownMs: number;
  /** How long status checks report "initializing" after an instance is running. */
  instanceStatusInitializingMs: number;
  /** How long terminated instances stay visible in DescribeInstances. */
  terminatedVisibleMs: number;
  /** Minimum time an image stays pending. */
  imagePendingMs: number;
  /** Time a new instance refresh stays Pending before it starts. */
  refreshPendingMs: number;
  /** Real milliseconds per second given in API parameters. */
  apiSecondMs: number;
  /** Pause before a group retries a launch that failed. */
  launchRetryMs: number;
  /** Failed launches (or new instances that die before InService) after which a refresh fails. */
  refreshLaunchFailureLimit: number;
  /** Debounce of state.json writes. */
  saveDebounceMs: number;
  /** How long scaling activities stay listed. */
  activityRetentionMs: number;
}

export const DEFAULT_TIMING: Timing = {
  tickMs: 100,
  instancePendingMs: 300,
  instanceStoppingMs: 300,
  instanceShuttingDownMs: 300,
  instanceStatusInitializingMs: 500,
  terminatedVisibleMs: 60_000,
  imagePendingMs: 800,
  refreshPendingMs: 300,
  apiSecondMs: 1000,
  launchRetryMs: 1000,
  refreshLaunchFailureLimit: 3,
  saveDebounceMs: 200,
  activityRetentionMs: 6 * 3600_000,
};

export function resolveTiming(overrides: Partial<Timing> | undefined): Timing {
  const timing = { ...DEFAULT_TIMING, ...overrides };
  for (const [key, value] of Object.entries(timing)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`sandbox timing ${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  return timing;
}
