// The engine's only channel out: typed events with a stable `type`. Reporters (Ink, plain, NDJSON)
// match on `type`; the engine never prints.

export type PhaseName =
  | "lock"
  | "template"
  | "bake"
  | "synth"
  | "apply"
  | "refresh"
  | "gates"
  | "rollback"
  | "reconcile"
  | "record"
  | "cleanup";

export type ResourceKind =
  | "instance"
  | "key-pair"
  | "security-group"
  | "image"
  | "snapshot"
  | "resource-group"
  | "launch-template"
  | "launch-template-version"
  | "auto-scaling-group";

export interface InstanceView {
  id: string;
  ip?: string;
  version?: string;
  lifecycle: string;
  health: string;
}

export type GateStatus = "Successful" | "Failed" | "Inconclusive" | "Error";

/** What one gate measured on one instance during a rollout. */
export interface GateEvidence {
  gate: string;
  measured: number;
  successful: number;
  failed: number;
  errors: number;
  inconclusive: number;
  /** Successful measurements in a row since the fleet's last replacement. */
  streak: number;
  last?: { status: GateStatus; value?: string; message?: string };
}

/** A rollout's verdict on one instance, for the result record. */
export interface InstanceEvidence {
  id: string;
  version?: string;
  /** "launched": by this release; "kept": already on the version when the rollout started. */
  origin: "launched" | "kept";
  /** Still in service at the end, or gone. */
  inService: boolean;
  verdict: "healthy" | "failed" | "inconclusive" | "unmeasured";
  gates: GateEvidence[];
}

export type Outcome = "deployed" | "rolled-back" | "failed" | "baked" | "reused" | "cancelled" | "up-to-date";

export interface ResultEvent {
  type: "result";
  app: string;
  outcome: Outcome;
  version?: string;
  /** The version that is live once the command ends (differs from `version` after a rollback). */
  live?: string;
  imageId?: string;
  reason?: string;
  durationMs: number;
  phases?: Record<string, number>;
  /** What applied the stack: Terraform, OpenTofu or roll's direct applier. */
  infra?: "direct" | "terraform" | "tofu";
  /** Terraform commands per phase: how many, how long in total (ms), and which. */
  terraform?: Record<string, { commands: number; ms: number; byCommand: Record<string, number> }>;
  /** roll rebake: what the new image changed against the live version. */
  rebake?: RebakeSummary;
  /** deploy, rollback, rebake: what the gates measured on every instance of the rollout. */
  instances?: InstanceEvidence[];
}

/** A security rebake's evidence: the base image and package changes of the new image against the live one. */
export interface RebakeSummary {
  /** Live version before the run (absent when nothing was live). */
  previous?: string;
  /** The version the rebake baked (discarded when up to date). */
  baked?: string;
  baseImage: { from?: string; to: string; fromName?: string; toName?: string };
  packages: {
    upgraded: { name: string; arch: string; from: string; to: string }[];
    added: { name: string; version: string; arch: string }[];
    removed: { name: string; version: string; arch: string }[];
  };
  /** Why the image counts as changed (or "up to date"), in words. */
  verdict: string;
}

export type RollEvent =
  | { type: "phase-start"; phase: PhaseName; title: string }
  | { type: "phase-end"; phase: PhaseName; status: "ok" | "failed" | "skipped"; durationMs: number; detail?: string }
  | { type: "log"; level: "info" | "warn" | "error"; message: string }
  /** Something the user should know about how the run works, said once per run (e.g. infra-fallback). */
  | { type: "notice"; code: string; message: string }
  | { type: "resource"; action: "created" | "updated" | "deleted" | "kept" | "delete-failed"; kind: ResourceKind; id: string; detail?: string }
  | { type: "provisioner"; index: number; provisioner: string; status: "start" | "ok" | "failed"; durationMs?: number }
  | { type: "output"; stream: "stdout" | "stderr"; line: string }
  | { type: "image"; version: string; imageId: string; reused: boolean }
  | {
      type: "refresh";
      refreshId: string;
      status: string;
      percentage: number;
      instancesToUpdate?: number;
      reason?: string;
      checkpoint?: number;
    }
  | { type: "instances"; instances: InstanceView[] }
  | {
      type: "gate";
      gate: string;
      target?: string;
      status: GateStatus;
      value?: string;
      message?: string;
      verdict?: "running" | "passed" | "failed";
    }
  | { type: "rollback"; reason: string; gate?: string; target?: string; evidence?: string[] }
  | ({ type: "rebake" } & RebakeSummary)
  | ResultEvent;

export type EventSink = (event: RollEvent) => void;

/** Adds a timestamp to every event; reporters may show it, NDJSON always carries it. */
export type TimedEvent = RollEvent & { time: string };
