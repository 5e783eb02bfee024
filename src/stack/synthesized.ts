// What synthesis hands to the rest of roll: the Terraform JSON (exactly what `cdktf synth` writes to
// cdk.tf.json) plus the few facts the pipeline needs without digging through it. Kept free of cdktf
// imports so that src/infra can use these types without loading the construct library.

/** Terraform's JSON configuration syntax, as far as roll reads it. */
export interface TerraformJson {
  terraform?: Record<string, unknown>;
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
  variable?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StackResource {
  /** Terraform address, e.g. `aws_launch_template.service_launch-template_1A2B3C4D`. */
  address: string;
  /** Resource type, e.g. `aws_autoscaling_group`. */
  type: string;
  /** The cloud-side name, when the resource has a literal `name`. */
  name?: string;
}

export interface SynthesizedStack {
  app: string;
  region: string;
  json: TerraformJson;
  /** The launch template the rollout works on: the one the stack's only Auto Scaling group uses. */
  launchTemplate: { name: string; address: string };
  group: { name: string; address: string };
  resources: StackResource[];
}
