// Which inputs a deploy or plan bakes with: the ones given, or, when none are given, the live
// version's, so that `roll deploy site` after `roll deploy site --var release=7` keeps serving release
// 7 instead of the template's defaults. Either way the run says which.

import { describeInputs, hasInputs, reuseInputs } from "../releases/inputs.js";
import type { VersionRecord } from "../releases/types.js";

export interface ChosenInputs {
  vars: Record<string, string>;
  varFiles: string[];
  /** The version whose inputs were taken, when none were given. */
  from?: string;
  /** What the run should tell the user about this choice. */
  notes: string[];
}

export async function chooseInputs(
  projectRoot: string,
  live: VersionRecord | undefined,
  given: { vars: Record<string, string>; varFiles: string[] },
): Promise<ChosenInputs> {
  if (hasInputs(given) || !live?.inputs) return { ...given, notes: [] };
  const reused = await reuseInputs(live.inputs, projectRoot, live.version);
  const notes = [`no --var or --var-file given: using the live version ${live.version}'s inputs (${describeInputs(live.inputs)})`, ...reused.warnings];
  const secrets = Object.keys(live.inputs.sensitive);
  if (secrets.length > 0) notes.push(`sensitive variables are never stored; give ${secrets.join(", ")} again (--var or PKR_VAR_<name>) or the template's defaults apply`);
  return { vars: reused.vars, varFiles: reused.varFiles, from: live.version, notes };
}
