// What roll remembers about an app's releases: its versions (one baked image each), which one is
// live, and what every deploy or rollback did.

export interface VersionRecord {
  version: string;
  imageId: string;
  region: string;
  contentHash?: string;
  sourceImageId?: string;
  /** The launch-template version created for this image, once deployed. */
  launchTemplateVersion?: number;
  createdAt: string;
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
}

export function versionNumber(version: string): number {
  const match = /^v(\d+)$/.exec(version);
  return match ? Number(match[1]) : Number.NaN;
}
