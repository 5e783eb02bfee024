// Checks an AsgService's properties before anything is synthesized, with the bad value in the message:
// a mistake here would otherwise surface minutes later as an AWS validation error mid-deploy.

import { userError } from "../engine/errors.js";
import type { AsgServiceProps } from "./asg-service.js";

export function validateAsgServiceProps(props: AsgServiceProps): void {
  const { inputs } = props;
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
