// Which launch-template version a release moves the group to. A rollback to a version whose own
// launch-template version still exists goes back to that very version, so an instance refresh with
// SkipMatching leaves the instances that already run it alone (AWS matches on template and version).

import { DescribeLaunchTemplateVersionsCommand } from "@aws-sdk/client-ec2";
import type { ReleaseState, VersionRecord } from "../releases/types.js";
import type { RunContext } from "./context.js";

export interface LaunchTemplateTarget {
  launchTemplateId: string;
  launchTemplateName: string;
  groupName: string;
  version: number;
  /** True when the version already existed: instances on it are not replaced. */
  reused: boolean;
}

export async function existingLaunchTemplateVersion(
  ctx: Pick<RunContext, "clients">,
  state: ReleaseState,
  record: VersionRecord,
): Promise<LaunchTemplateTarget | undefined> {
  if (record.launchTemplateVersion === undefined || !state.launchTemplateName || !state.groupName) return undefined;
  const answer = await ctx.clients
    .ec2()
    .send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateName: state.launchTemplateName,
        Versions: [String(record.launchTemplateVersion)],
      }),
    )
    .catch(() => undefined);
  const found = answer?.LaunchTemplateVersions?.[0];
  if (!found || found.LaunchTemplateData?.ImageId !== record.imageId) return undefined;
  return {
    launchTemplateId: found.LaunchTemplateId!,
    launchTemplateName: state.launchTemplateName,
    groupName: state.groupName,
    version: record.launchTemplateVersion,
    reused: true,
  };
}
