// An app, as a user declares it in stacks/<app>.ts: its image template, its infrastructure (a CDKTF
// stack built from the image to deploy) and its rollout policy.

import type { Construct } from "constructs";
import type { RolloutPolicy } from "../rollout/policy.js";

export interface StackInputs {
  app: string;
  region: string;
  /** The image the launch template must point at. */
  imageId: string;
  /**
   * The launch-template version the group is pinned to: the live version while a refresh is pending
   * (phase a of the two-phase refresh), the new one once it succeeded (phase c). Undefined on the
   * first deploy, when the group follows the template's newest version as created.
   */
  groupLaunchTemplateVersion?: number;
}

export interface AppDefinition {
  name: string;
  /** Where the app runs: an Auto Scaling group on AWS (default) or a VM scale set on Azure. */
  cloud?: "aws" | "azure";
  /** Path of the image template (.pkr.hcl file or folder), relative to the project root. */
  template: string;
  /** Builds the app's resources inside the given stack scope. */
  stack(scope: Construct, inputs: StackInputs): void;
  rollout: RolloutPolicy;
  /** Scheduled security-patch rebakes (roll rebake, roll daemon). */
  rebake?: RebakePolicy;
}

export interface RebakePolicy {
  /** A five-field cron expression, e.g. "0 3 * * 1" (Mondays 03:00). */
  schedule?: string;
  /** IANA time zone the schedule is read in; default UTC. */
  timeZone?: string;
  /** Shell command run on the builder after the template's provisioners, e.g. "sudo apt-get -y upgrade". */
  securityUpdate?: string;
  /** Up to this many seconds of random delay before a scheduled run, so a fleet of apps does not start at once. */
  jitterSeconds?: number;
  /** URL that receives the run's result as JSON (POST). */
  webhook?: string;
}

export function defineApp(app: AppDefinition): AppDefinition {
  return app;
}
