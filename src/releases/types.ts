// What roll remembers about an app's releases: its versions (one baked image each), which one is
// live, and what every deploy or rollback did.

/** What a version was built from besides the template text (see inputs.ts). */
export interface VersionInputs {
  /** Variables given on the command line (--var), non-sensitive ones. */
  vars: Record<string, string>;
  /** Sensitive variables given: "sha256:<salt>:<hash>", never the value. */
  sensitive: Record<string, string>;
  /** Var-files given, relative to the project, with the hash of their content then. */
  varFiles: { path: string; sha256: string }[];
  /** Digest of the template's .pkr.hcl files (the roll:template-digest tag). */
  templateHash: string;
}

export interface VersionRecord {
  version: string;
  imageId: string;
  region: string;
  contentHash?: string;
  sourceImageId?: string;
  /** The launch-template version created for this image, once deployed. */
  launchTemplateVersion?: number;
  createdAt: string;
  /** Absent for versions baked before inputs were recorded. */
  inputs?: VersionInputs;
}

export type HistoryOutcome = "deployed" | "rolled-back" | "failed" | "cancelled" | "up-to-date";

export interface HistoryEntry {
  /** "rebake": a security rebake that deployed nothing (up to date, or failed before its release). */
  kind: "deploy" | "rollback" | "rebake";
  version: string;
  /** Live version before the run. */
  previous?: string;
  outcome: HistoryOutcome;
  reason?: string;
  startedAt: string;
  endedAt: string;
}

export interface ReleaseState {
  app: string;
  live?: string;
  /** Names of the app's group and launch template, learned from its stack at the first deploy. */
  groupName?: string;
  launchTemplateName?: string;
  versions: VersionRecord[];
  history: HistoryEntry[];
  /** The highest version number ever handed out, kept when its version is discarded: numbers are never reused. */
  lastVersion?: number;
}

export function versionNumber(version: string): number {
  const match = /^v(\d+)$/.exec(version);
  return match ? Number(match[1]) : Number.NaN;
}
