// The schema of what defineApp({ … }) takes, checked when the app loads (validate, plan, deploy,
// rollback, rebake) before anything is baked or changed.

import { Cron } from "croner";
import { func, num, object, str, type Check } from "./schema.js";
import { rolloutSchema } from "./rollout.js";

function timeZoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return undefined;
  } catch {
    return 'is not an IANA time zone (e.g. "UTC", "Europe/Paris")';
  }
}

function cronProblem(expression: string): string | undefined {
  if (expression.trim().split(/\s+/).length !== 5) return "must have five fields (minute hour day-of-month month day-of-week)";
  try {
    new Cron(expression.trim(), { paused: true }).nextRun();
    return undefined;
  } catch (error) {
    return `is not a valid cron expression: ${(error as Error).message}`;
  }
}

function urlProblem(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? undefined : "must be an http(s) URL";
  } catch {
    return "must be an http(s) URL";
  }
}

const rebakeSchema = object(
  {
    schedule: str({ check: cronProblem }),
    timeZone: str({ check: timeZoneProblem }),
    securityUpdate: str({ nonEmpty: true }),
    jitterSeconds: num({ min: 0, integer: true }),
    webhook: str({ check: urlProblem, sensitive: true }),
  },
  { what: "rebake" },
);

export const appSchema: Check = object(
  {
    name: {
      check: str({ check: (name) => (/^[A-Za-z0-9][A-Za-z0-9-]{0,100}$/.test(name) ? undefined : "must be letters, digits and dashes") }),
      required: true,
    },
    cloud: str({ check: (cloud) => (cloud === "aws" || cloud === "azure" ? undefined : 'must be "aws" or "azure"') }),
    template: { check: str({ nonEmpty: true }), required: true },
    stack: { check: func, required: true },
    rollout: { check: rolloutSchema, required: true },
    rebake: rebakeSchema,
  },
  { what: "defineApp" },
);
