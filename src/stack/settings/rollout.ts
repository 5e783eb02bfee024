// The schema of an app's rollout policy (src/rollout/policy.ts says what each field means). Checked
// when the app loads, so that a misspelt gate or an impossible percentage stops the run before any bake.

import { bool, list, num, object, str, tagged, type Check } from "./schema.js";

const seconds = num({ min: 0, what: "a number of seconds" });
const interval = num({ min: 0.1, max: 3600, what: "a number of seconds" });
const count = num({ min: 0, integer: true });

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
}

const gate = tagged(
  {
    http: object(
      {
        type: str(),
        path: { check: str({ check: (path) => (path.startsWith("/") ? undefined : 'must start with "/"') }), required: true },
        port: { check: num({ min: 1, max: 65535, integer: true, what: "a port number" }), required: true },
        expectStatus: num({ min: 100, max: 599, integer: true, what: "an HTTP status" }),
        bodyRegex: str({ check: regexProblem }),
        intervalSeconds: interval,
        timeoutSeconds: interval,
      },
      { what: "an http gate" },
    ),
    command: object(
      { type: str(), command: { check: str({ nonEmpty: true }), required: true }, intervalSeconds: interval, timeoutSeconds: interval },
      { what: "a command gate" },
    ),
    "asg-health": object({ type: str(), intervalSeconds: interval }, { what: "an asg-health gate" }),
    "target-health": object(
      {
        type: str(),
        targetGroupArn: str({ check: (arn) => (arn.startsWith("arn:") ? undefined : 'must be an ARN ("arn:…")') }),
        intervalSeconds: interval,
      },
      { what: "a target-health gate" },
    ),
    alarm: object(
      { type: str(), alarmNames: { check: list(str({ nonEmpty: true }), { nonEmpty: true }), required: true }, intervalSeconds: interval },
      { what: "an alarm gate" },
    ),
  },
  "gate",
);

const increasingPercentages = (items: unknown[]): string | undefined => {
  const numbers = items as number[];
  return numbers.every((value, index) => index === 0 || value > numbers[index - 1]) ? undefined : "must be increasing";
};

export const rolloutSchema: Check = object(
  {
    minHealthyPercentage: num({ min: 0, max: 100, integer: true, what: "a percentage" }),
    maxHealthyPercentage: num({ min: 100, max: 200, integer: true, what: "a percentage" }),
    instanceWarmupSeconds: seconds,
    checkpoints: list(num({ min: 1, max: 100, integer: true, what: "a percentage" }), { check: increasingPercentages }),
    checkpointDelaySeconds: seconds,
    bakeTimeSeconds: seconds,
    skipMatching: bool,
    alarms: list(str({ nonEmpty: true })),
    soakSeconds: seconds,
    gates: { check: list(gate), required: true },
    assessment: object(
      { failureLimit: count, inconclusiveLimit: count, consecutiveErrorLimit: count, consecutiveSuccessLimit: num({ min: 1, integer: true }) },
      { what: "assessment" },
    ),
  },
  {
    what: "rollout",
    elsewhere: {
      rebake: 'rebake is a setting of the app, beside rollout: defineApp({ …, rollout: { … }, rebake: { … } })',
      schedule: 'schedules belong in the app\'s rebake block: defineApp({ …, rebake: { schedule: "…" } })',
    },
  },
);
