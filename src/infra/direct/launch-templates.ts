// The launch template, found by name: observe what exists, plan (pure), apply. A new version is
// created only when the desired data differs from the latest version's; the default version is left
// alone, because groups are pinned to explicit version numbers anyway.

import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import type { AppliedChange, ResourceChange } from "../port.js";
import { changedFields, fromResponseData, toRequestData } from "./launch-template-data.js";
import type { LaunchTemplateData, LaunchTemplateSpec } from "./stack-spec.js";
import { diffTags, isEmptyDiff, type TagDiff } from "./tags.js";
import { cloudCall } from "./cloud-call.js";

export interface ObservedTemplate {
  id: string;
  name: string;
  latestVersion: number;
  defaultVersion: number;
  tags: Record<string, string>;
  latestData: LaunchTemplateData;
}

export interface TemplatePlan {
  spec: LaunchTemplateSpec;
  observed?: ObservedTemplate;
  change: ResourceChange;
  createVersion: boolean;
  tags: TagDiff;
  /** The template's latest version once applied (known in advance: versions count up from 1). */
  latestVersionAfter: number;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && /^InvalidLaunchTemplate(Name|Id)\.NotFound/.test(error.name);
}

export async function observeLaunchTemplate(ec2: EC2Client, name: string, signal?: AbortSignal): Promise<ObservedTemplate | undefined> {
  let found;
  try {
    found = await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }), { abortSignal: signal });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const template = found.LaunchTemplates?.[0];
  if (!template?.LaunchTemplateId || template.LatestVersionNumber === undefined) return undefined;
  const versions = await ec2.send(
    new DescribeLaunchTemplateVersionsCommand({
      LaunchTemplateId: template.LaunchTemplateId,
      Versions: [String(template.LatestVersionNumber)],
    }),
    { abortSignal: signal },
  );
  return {
    id: template.LaunchTemplateId,
    name,
    latestVersion: template.LatestVersionNumber,
    defaultVersion: template.DefaultVersionNumber ?? 1,
    tags: Object.fromEntries((template.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
    latestData: fromResponseData(versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData),
  };
}

export function planLaunchTemplate(spec: LaunchTemplateSpec, observed: ObservedTemplate | undefined): TemplatePlan {
  const base = { address: spec.address, type: "aws_launch_template", name: spec.name };
  if (!observed) {
    return {
      spec,
      change: { ...base, action: "create", attributes: [], detail: "new launch template, version 1" },
      createVersion: false,
      tags: { set: spec.tags, remove: [] },
      latestVersionAfter: 1,
    };
  }
  const fields = changedFields(spec.data, observed.latestData);
  const tags = diffTags(spec.tags, observed.tags);
  const createVersion = fields.length > 0;
  const latestVersionAfter = observed.latestVersion + (createVersion ? 1 : 0);
  const attributes = [...fields, ...(isEmptyDiff(tags) ? [] : ["tags"])];
  const details = [
    ...(createVersion ? [`new version ${latestVersionAfter} (${fields.join(", ")})`] : []),
    ...(isEmptyDiff(tags) ? [] : ["tags"]),
  ];
  return {
    spec,
    observed,
    change: {
      ...base,
      action: attributes.length > 0 ? "update" : "no-op",
      attributes,
      ...(details.length > 0 ? { detail: details.join("; ") } : {}),
    },
    createVersion,
    tags,
    latestVersionAfter,
  };
}

export interface AppliedTemplate {
  id: string;
  name: string;
  latestVersion: number;
  createdVersion?: number;
}

export async function applyLaunchTemplate(
  ec2: EC2Client,
  plan: TemplatePlan,
  options: { signal?: AbortSignal; onChange?: (change: AppliedChange) => void },
): Promise<AppliedTemplate> {
  const { spec, observed } = plan;
  const report = (change: Omit<AppliedChange, "address" | "name">) => options.onChange?.({ ...change, address: spec.address, name: spec.name });
  if (!observed) {
    const tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
    const created = await cloudCall(`creating launch template ${spec.name}`, () =>
      ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: spec.name,
          LaunchTemplateData: toRequestData(spec.data),
          TagSpecifications: tags.length > 0 ? [{ ResourceType: "launch-template", Tags: tags }] : undefined,
        }),
        { abortSignal: options.signal },
      ),
    );
    const id = created.LaunchTemplate?.LaunchTemplateId ?? "";
    const version = created.LaunchTemplate?.LatestVersionNumber ?? 1;
    report({ kind: "launch-template", action: "created", id, detail: `version ${version}, image ${spec.data.imageId}` });
    return { id, name: spec.name, latestVersion: version, createdVersion: version };
  }

  let result: AppliedTemplate = { id: observed.id, name: spec.name, latestVersion: observed.latestVersion };
  if (plan.createVersion) {
    const created = await cloudCall(`creating a version of launch template ${spec.name}`, () =>
      ec2.send(
        new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: observed.id, LaunchTemplateData: toRequestData(spec.data) }),
        { abortSignal: options.signal },
      ),
    );
    const version = created.LaunchTemplateVersion?.VersionNumber ?? observed.latestVersion + 1;
    result = { ...result, latestVersion: version, createdVersion: version };
    report({ kind: "launch-template-version", action: "created", id: `${observed.id}:${version}`, detail: `image ${spec.data.imageId}` });
  }
  if (!isEmptyDiff(plan.tags)) {
    await updateTemplateTags(ec2, observed.id, spec.name, plan.tags, options.signal);
    report({ kind: "launch-template", action: "updated", id: observed.id, detail: "tags" });
  }
  return result;
}

async function updateTemplateTags(ec2: EC2Client, id: string, name: string, tags: TagDiff, signal?: AbortSignal): Promise<void> {
  const set = Object.entries(tags.set).map(([Key, Value]) => ({ Key, Value }));
  if (set.length > 0) {
    await cloudCall(`tagging launch template ${name}`, () =>
      ec2.send(new CreateTagsCommand({ Resources: [id], Tags: set }), { abortSignal: signal }),
    );
  }
  if (tags.remove.length > 0) {
    await cloudCall(`untagging launch template ${name}`, () =>
      ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: tags.remove.map((Key) => ({ Key })) }), { abortSignal: signal }),
    );
  }
}
