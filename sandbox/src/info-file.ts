// <dataDir>/sandbox.json: how a running sandbox daemon is found (written by daemon.ts, read by control.ts).

import { join } from "node:path";
import type { AzureEndpointInfo } from "./server.js";

export interface SandboxInfoFile {
  endpoint: string;
  pid: number;
  /** The daemon's start time (/proc/<pid>/stat field 22): `down` signals only that very process. */
  startTime?: string;
  region: string;
  startedAt: string;
  /** The Azure face (absent in files written before it existed). */
  azure?: AzureEndpointInfo;
}

export function infoFilePath(dataDir: string): string {
  return join(dataDir, "sandbox.json");
}
