// How an app is rolled out: the instance refresh's preferences and the health gates that guard it.
// Written by users in stacks/<app>.ts; every field has a safe default.

export interface HttpGate {
  type: "http";
  /** Path probed on every new instance, e.g. "/healthz". */
  path: string;
  port: number;
  /** Expected HTTP status; default 200. */
  expectStatus?: number;
  /** The body must match this regular expression (source text). */
  bodyRegex?: string;
  /** Seconds between two measurements; default 2. */
  intervalSeconds?: number;
  /** Seconds before one probe counts as an error; default 2. */
  timeoutSeconds?: number;
}

export interface CommandGate {
  type: "command";
  /** Run with the new instances' addresses in ROLL_TARGETS (space separated); exit code 0 passes. */
  command: string;
  intervalSeconds?: number;
  timeoutSeconds?: number;
}

/** The Auto Scaling group's own view: every new instance InService and Healthy. */
export interface AsgHealthGate {
  type: "asg-health";
  intervalSeconds?: number;
}

/** ELBv2 target health of the new instances in a target group (default: the group's target groups). */
export interface TargetHealthGate {
  type: "target-health";
  targetGroupArn?: string;
  intervalSeconds?: number;
}

/** CloudWatch alarms: any of them in ALARM fails the release. */
export interface AlarmGate {
  type: "alarm";
  alarmNames: string[];
  intervalSeconds?: number;
}

export type GateSpec = HttpGate | CommandGate | AsgHealthGate | TargetHealthGate | AlarmGate;

export interface AssessmentLimits {
  /** Failed measurements tolerated before the gate fails; default 0. */
  failureLimit?: number;
  /**
   * Inconclusive measurements in a row on one target that the gate waits through (the verdict pauses
   * meanwhile); one more fails the gate. Default 5.
   */
  inconclusiveLimit?: number;
  /** Consecutive errors (could not measure) tolerated; default 4. */
  consecutiveErrorLimit?: number;
  /**
   * Successful measurements in a row every instance needs after the fleet's last replacement before
   * the gate passes; default 2.
   */
  consecutiveSuccessLimit?: number;
}

export interface RolloutPolicy {
  /** Instance refresh MinHealthyPercentage; default 90. */
  minHealthyPercentage?: number;
  /** Instance refresh MaxHealthyPercentage (100-200); default 100. */
  maxHealthyPercentage?: number;
  /** Seconds a new instance warms up before it counts; default 0. */
  instanceWarmupSeconds?: number;
  /** Percentages at which the refresh pauses for checkpointDelaySeconds. */
  checkpoints?: number[];
  checkpointDelaySeconds?: number;
  /** Seconds the refresh stays rollback-able after the last replacement (AWS BakeTime). */
  bakeTimeSeconds?: number;
  skipMatching?: boolean;
  /**
   * CloudWatch alarms handed to the instance refresh itself (AlarmSpecification): AWS rolls the
   * refresh back when one goes to ALARM, even if roll is not watching.
   */
  alarms?: string[];
  /**
   * Seconds every gate must keep passing on the whole new fleet (counted from its last replacement)
   * before the release counts as healthy; default two intervals of the slowest gate.
   */
  soakSeconds?: number;
  gates: GateSpec[];
  assessment?: AssessmentLimits;
}
