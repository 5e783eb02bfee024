// The infrastructure port: how the pipeline makes the cloud match a synthesized stack. Shaped after
// Terraform's CLI (init, plan, apply, output) but only as wide as roll needs. Implementations: the
// direct applier (SDK calls, no state file; used for the sandbox) and, later, terraform/tofu.
// Implementations never emit events; they report each change they make through `onChange`.

import type { SynthesizedStack } from "../stack/synthesized.js";

export type ChangeAction = "create" | "update" | "no-op";

export interface ResourceChange {
  /** Terraform address, e.g. `aws_autoscaling_group.service_group_A399C41F`. */
  address: string;
  type: string;
  /** The cloud-side name (e.g. `roll-demo`). */
  name: string;
  action: ChangeAction;
  /** Terraform names of the attributes that differ (empty for create and no-op). */
  attributes: string[];
  /** One line for people, e.g. "new version 3 (image_id)". */
  detail?: string;
}

export interface Plan {
  /** How many resources would be created or updated; 0 means the cloud already matches. */
  changes: number;
  resources: ResourceChange[];
}

/** One write made by apply, as it happens. Kinds match the engine's ResourceKind values. */
export interface AppliedChange {
  kind: "launch-template" | "launch-template-version" | "auto-scaling-group";
  action: "created" | "updated";
  address: string;
  /** Launch template id, `<template id>:<version>` for a version, group name for a group. */
  id: string;
  name: string;
  detail?: string;
}

export interface ApplyResult {
  launchTemplate: {
    id: string;
    name: string;
    latestVersion: number;
    /** The version this apply created, if it created one. */
    createdVersion?: number;
  };
  group: { name: string; launchTemplateVersion: number };
  changes: number;
  resources: ResourceChange[];
}

/** What exists in the cloud for the stack's main resources (Terraform's `output`, roughly). */
export interface StackOutputs {
  launchTemplate?: { id: string; name: string; latestVersion: number; defaultVersion: number };
  /** `launchTemplateVersion` is undefined when the group does not follow a numbered version. */
  group?: { name: string; launchTemplateId?: string; launchTemplateVersion?: number; desiredCapacity: number };
}

export interface InfraOptions {
  signal?: AbortSignal;
}

export interface ApplyOptions extends InfraOptions {
  onChange?: (change: AppliedChange) => void;
}

export interface InfraPort {
  /** Prepares the working state (providers, backend); a no-op for the direct applier. */
  init(stack: SynthesizedStack, options?: InfraOptions): Promise<void>;
  /** What apply would change. Reads only. */
  plan(stack: SynthesizedStack, options?: InfraOptions): Promise<Plan>;
  apply(stack: SynthesizedStack, options?: ApplyOptions): Promise<ApplyResult>;
  output(stack: SynthesizedStack, options?: InfraOptions): Promise<StackOutputs>;
}
