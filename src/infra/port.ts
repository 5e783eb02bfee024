// The infrastructure port: how the pipeline makes the cloud match a synthesized stack. Shaped after
// Terraform's CLI (init, plan, apply, output) but only as wide as roll needs. Implementations: the
// direct applier (SDK calls, no state file; used for the sandbox) and terraform/tofu (src/infra/terraform).
// Implementations never emit events; they report each change they make through `onChange`, and
// progress worth showing (Terraform's own messages) through `onMessage`.

import type { SynthesizedStack } from "../stack/synthesized.js";

/** `replace` and `delete` come only from Terraform (the direct applier never plans them). */
export type ChangeAction = "create" | "update" | "replace" | "delete" | "no-op";

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
  /** Terraform adopts the existing cloud object (an `import` block) as part of this change. */
  importing?: boolean;
}

export interface Plan {
  /** How many resources would be created, updated or adopted; 0 means the cloud already matches. */
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

/**
 * Progress from the tool doing the work, one line for people plus what a view needs to group it.
 * Terraform's machine-readable messages map onto these kinds (see src/infra/terraform/messages.ts).
 */
export interface InfraMessage {
  kind: "planned" | "drift" | "refresh" | "start" | "progress" | "complete" | "errored" | "summary" | "diagnostic" | "output" | "log";
  level: "info" | "warn" | "error";
  message: string;
  /** The resource the message is about, e.g. `aws_autoscaling_group.service_group_A399C41F`. */
  address?: string;
  /** For start/progress/complete/errored: what Terraform is doing to the resource (create, update, delete…). */
  action?: string;
  /** For progress/complete/errored: seconds since the resource's change started. */
  elapsedSeconds?: number;
  /** For summary: Terraform's change counts. */
  counts?: { add: number; change: number; remove: number; import: number; operation: string };
  /** For diagnostic: the long explanation, when Terraform gives one. */
  detail?: string;
}

export interface InfraOptions {
  signal?: AbortSignal;
  onMessage?: (message: InfraMessage) => void;
}

export interface ApplyOptions extends InfraOptions {
  onChange?: (change: AppliedChange) => void;
  /**
   * The stack differs from this run's last apply only in what the run itself then did to the cloud
   * (the group's version after an instance refresh): an implementation may skip re-reading the cloud.
   */
  reconcile?: boolean;
}

export interface InfraPort {
  /** Prepares the working state (providers, backend); a no-op for the direct applier. */
  init(stack: SynthesizedStack, options?: InfraOptions): Promise<void>;
  /** What apply would change. Reads only. */
  plan(stack: SynthesizedStack, options?: InfraOptions): Promise<Plan>;
  apply(stack: SynthesizedStack, options?: ApplyOptions): Promise<ApplyResult>;
  output(stack: SynthesizedStack, options?: InfraOptions): Promise<StackOutputs>;
}
