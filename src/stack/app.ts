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
  /** Path of the image template (.pkr.hcl file or folder), relative to the project root. */
  template: string;
  /** Builds the app's resources inside the given stack scope. */
  stack(scope: Construct, inputs: StackInputs): void;
  rollout: RolloutPolicy;
}

export function defineApp(app: AppDefinition): AppDefinition {
  return app;
}
