// A service that roll can deploy: one launch template (the image to run) and one Auto Scaling group
// pinned to an explicit version of it. The pin is what makes the two-phase refresh and AWS's own
// rollback correct: the group never follows `$Latest` or `$Default`.

import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template/index.js";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group/index.js";
import type { StackInputs } from "./app.js";
import { validateAsgServiceProps } from "./asg-service-props.js";
import { ROLL_OUTPUTS } from "./roll-outputs.js";

export interface AsgServiceProps {
  /** The deploy's inputs: app name (for names and the `roll:app` tag), image, pinned version. */
  inputs: StackInputs;
  instanceType: string;
  /** Plain text; encoded to base64 here, as the launch template requires. */
  userData?: string;
  securityGroupIds?: string[];
  /** Instance profile name, or `{ arn }`. */
  instanceProfile?: string | { arn: string };
  /** Extra tags for the template, the group and the instances and volumes it launches. */
  tags?: Record<string, string>;
  minSize: number;
  maxSize: number;
  /** Left to scaling policies when absent (AWS then starts at minSize). */
  desiredCapacity?: number;
  /** Exactly one of availabilityZones and subnetIds. */
  availabilityZones?: string[];
  subnetIds?: string[];
  targetGroupArns?: string[];
  healthCheckType?: "EC2" | "ELB";
  healthCheckGracePeriodSeconds?: number;
  /** Terraform's `wait_for_capacity_timeout` ("10m" by default, "0" to not wait). */
  waitForCapacityTimeout?: string;
}

/** The deterministic names roll gives an app's resources: how they are found again without state. */
export function resourceNames(app: string): { launchTemplate: string; group: string } {
  return { launchTemplate: `roll-${app}`, group: `roll-${app}` };
}

export class AsgService extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly group: AutoscalingGroup;
  readonly launchTemplateName: string;
  readonly groupName: string;

  constructor(scope: Construct, id: string, props: AsgServiceProps) {
    super(scope, id);
    validateAsgServiceProps(props);
    const { inputs } = props;
    const names = resourceNames(inputs.app);
    this.launchTemplateName = names.launchTemplate;
    this.groupName = names.group;
    const tags = { ...props.tags, "roll:app": inputs.app };
    const launchedTags = { Name: names.group, ...tags };

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name: names.launchTemplate,
      imageId: inputs.imageId,
      instanceType: props.instanceType,
      userData: props.userData === undefined ? undefined : Buffer.from(props.userData, "utf8").toString("base64"),
      vpcSecurityGroupIds: props.securityGroupIds,
      iamInstanceProfile: instanceProfileBlock(props.instanceProfile),
      tags,
      tagSpecifications: [
        { resourceType: "instance", tags: launchedTags },
        { resourceType: "volume", tags: launchedTags },
      ],
    });

    // On the very first deploy there is no live version to pin to: the group takes the version the
    // template has once created (always 1 then), still as an explicit number, never `$Latest`.
    const version =
      inputs.groupLaunchTemplateVersion === undefined
        ? `${this.launchTemplate.latestVersion}`
        : String(inputs.groupLaunchTemplateVersion);

    this.group = new AutoscalingGroup(this, "group", {
      name: names.group,
      launchTemplate: { id: this.launchTemplate.id, version },
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: props.desiredCapacity,
      availabilityZones: props.availabilityZones,
      vpcZoneIdentifier: props.subnetIds,
      targetGroupArns: props.targetGroupArns,
      healthCheckType: props.healthCheckType,
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds,
      waitForCapacityTimeout: props.waitForCapacityTimeout,
      tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    });

    // Read back by the Terraform adapter (`terraform output -json`) and useful to any other pipeline.
    addRollOutputs(this, this.launchTemplate, this.group);
  }
}

function addRollOutputs(scope: Construct, template: LaunchTemplate, group: AutoscalingGroup): void {
  const output = (name: string, value: unknown, description: string) =>
    new TerraformOutput(scope, name, { value, description }).overrideLogicalId(name);
  output(ROLL_OUTPUTS.launchTemplateId, template.id, "launch template id");
  output(ROLL_OUTPUTS.launchTemplateName, template.name, "launch template name");
  output(ROLL_OUTPUTS.launchTemplateLatestVersion, template.latestVersion, "newest launch template version");
  output(ROLL_OUTPUTS.launchTemplateDefaultVersion, template.defaultVersion, "default launch template version");
  output(ROLL_OUTPUTS.groupName, group.name, "Auto Scaling group name");
  output(ROLL_OUTPUTS.groupLaunchTemplateVersion, group.launchTemplate.version, "launch template version the group is pinned to");
  output(ROLL_OUTPUTS.groupDesiredCapacity, group.desiredCapacity, "the group's desired capacity");
}

function instanceProfileBlock(profile: AsgServiceProps["instanceProfile"]) {
  if (profile === undefined) return undefined;
  return typeof profile === "string" ? { name: profile } : { arn: profile.arn };
}
