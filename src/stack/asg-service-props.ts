// Checks an AsgService's properties before anything is synthesized, with the bad value in the message:
// a mistake here would otherwise surface minutes later as an AWS validation error mid-deploy.

import { userError } from "../engine/errors.js";
import type { AsgServiceProps } from "./asg-service.js";
import { list, num, object, str, type Check, type Issue } from "./settings/schema.js";
import { settingsError } from "./settings/report.js";

const count = num({ min: 0, integer: true });
const names = list(str({ nonEmpty: true }));
const anything: Check = () => {};

/** Keys and types; the relations between fields are checked below. Unknown keys get a "did you mean". */
const propsSchema = object(
  {
    inputs: { check: anything, required: true },
    instanceType: { check: str({ nonEmpty: true }), required: true },
    userData: str(),
    securityGroupIds: names,
    instanceProfile: anything,
    tags: anything,
    minSize: { check: count, required: true },
    maxSize: { check: count, required: true },
    desiredCapacity: count,
    availabilityZones: names,
    subnetIds: names,
    targetGroupArns: names,
    healthCheckType: str({ check: (type) => (type === "EC2" || type === "ELB" ? undefined : 'must be "EC2" or "ELB"') }),
    healthCheckGracePeriodSeconds: count,
    waitForCapacityTimeout: str(),
  },
  { what: "AsgService" },
);

export function validateAsgServiceProps(props: AsgServiceProps): void {
  const { inputs } = props;
  const issues: Issue[] = [];
  propsSchema(props, "", issues);
  if (issues.length > 0) {
    const file = `stacks/${inputs?.app ?? "<app>"}.ts`;
    throw settingsError(file, undefined, issues.map((issue) => ({ ...issue, field: `AsgService.${issue.field}` })));
  }
  const fail = (field: string, message: string): never => {
    throw userError("invalid-stack", `AsgService: ${message}`, { file: `stacks/${inputs.app}.ts`, field });
  };
  const checkCount = (field: string, value: number | undefined): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 0) fail(field, `${field} must be a whole number >= 0, got ${value}`);
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,100}$/.test(inputs.app)) {
    fail("app", `app name must be letters, digits and dashes, got ${JSON.stringify(inputs.app)}`);
  }
  if (!inputs.imageId) fail("imageId", "imageId is empty");
  const version = inputs.groupLaunchTemplateVersion;
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
    fail("groupLaunchTemplateVersion", `the pinned launch-template version must be a number >= 1, got ${version}`);
  }
  if (!props.instanceType) fail("instanceType", "instanceType is empty");
  checkCount("minSize", props.minSize);
  checkCount("maxSize", props.maxSize);
  checkCount("desiredCapacity", props.desiredCapacity);
  if (props.minSize > props.maxSize) fail("minSize", `minSize ${props.minSize} is larger than maxSize ${props.maxSize}`);
  const desired = props.desiredCapacity;
  if (desired !== undefined && (desired < props.minSize || desired > props.maxSize)) {
    fail("desiredCapacity", `desiredCapacity ${desired} is outside ${props.minSize}..${props.maxSize}`);
  }
  const zones = props.availabilityZones?.length ?? 0;
  const subnets = props.subnetIds?.length ?? 0;
  if ((zones > 0) === (subnets > 0)) {
    fail("availabilityZones", "give exactly one of availabilityZones and subnetIds (not both, not neither)");
  }
  const grace = props.healthCheckGracePeriodSeconds;
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) {
    fail("healthCheckGracePeriodSeconds", `healthCheckGracePeriodSeconds must be a whole number >= 0, got ${grace}`);
  }
}
