// Auto Scaling group tags: CreateOrUpdateTags, DeleteTags, DescribeTags (filters auto-scaling-group,
// key, value, propagate-at-launch; several filters AND, several values OR).

import { requireGroup } from "../../model/groups.js";
import type { GroupRecord, GroupTag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { ApiContext, QueryHandler } from "../context.js";
import { paginateRecords } from "./common.js";

const MAX_TAGS = 50;

interface TagRequest {
  group: GroupRecord;
  key: string;
  value?: string;
  propagateAtLaunch?: boolean;
}

export function validGroupTagKey(key: string): string {
  if (key.length > 128) throw new ApiError("ValidationError", `1 validation error detected: Value '${key}' at 'tags.key' failed to satisfy constraint: Member must have length less than or equal to 128`);
  if (key.toLowerCase().startsWith("aws:")) throw new ApiError("ValidationError", `Tag keys starting with 'aws:' are reserved for internal use: ${key}`);
  return key;
}

function tagRequests(ctx: ApiContext): TagRequest[] {
  const entries = ctx.params.list("Tags");
  if (entries.length === 0) throw new ApiError("ValidationError", "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
  return entries.map((entry: FormParams) => {
    const resourceType = entry.str("ResourceType") ?? "auto-scaling-group";
    if (resourceType !== "auto-scaling-group") throw new ApiError("ValidationError", `Invalid resource type: ${resourceType}. The only supported value is auto-scaling-group.`);
    const group = requireGroup(ctx.cloud, ctx.region, entry.required("ResourceId"));
    const value = entry.raw("Value");
    if (value !== undefined && value.length > 256) throw new ApiError("ValidationError", `1 validation error detected: Value at 'tags.value' failed to satisfy constraint: Member must have length less than or equal to 256`);
    return { group, key: validGroupTagKey(entry.required("Key")), value, propagateAtLaunch: entry.bool("PropagateAtLaunch") };
  });
}

const createOrUpdateTags: QueryHandler = (ctx) => {
  const requests = tagRequests(ctx);
  for (const { group, key } of requests) {
    const keys = new Set(group.tags.map((t) => t.key));
    for (const r of requests) if (r.group === group) keys.add(r.key);
    if (keys.size > MAX_TAGS) throw new ApiError("LimitExceeded", `The quota of ${MAX_TAGS} tags per Auto Scaling group would be exceeded for ${group.name} by the tag ${key}.`);
  }
  for (const { group, key, value, propagateAtLaunch } of requests) {
    const existing = group.tags.find((t) => t.key === key);
    if (existing) {
      existing.value = value ?? "";
      existing.propagateAtLaunch = propagateAtLaunch ?? false;
    } else {
      group.tags.push({ key, value: value ?? "", propagateAtLaunch: propagateAtLaunch ?? false });
    }
  }
  ctx.cloud.changed();
  return undefined;
};

const deleteTags: QueryHandler = (ctx) => {
  for (const { group, key } of tagRequests(ctx)) group.tags = group.tags.filter((t) => t.key !== key);
  ctx.cloud.changed();
  return undefined;
};

interface TagRow {
  group: GroupRecord;
  tag: GroupTag;
}

const FILTERS: Record<string, (row: TagRow) => string> = {
  "auto-scaling-group": (row) => row.group.name,
  key: (row) => row.tag.key,
  value: (row) => row.tag.value,
  "propagate-at-launch": (row) => String(row.tag.propagateAtLaunch),
};

const describeTags: QueryHandler = (ctx) => {
  let rows: TagRow[] = Object.values(ctx.cloud.state.groups)
    .filter((g) => g.region === ctx.region)
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((group) => [...group.tags].sort((a, b) => a.key.localeCompare(b.key)).map((tag) => ({ group, tag })));
  for (const filter of ctx.params.list("Filters")) {
    const name = filter.required("Name");
    const field = FILTERS[name];
    if (!field) throw new ApiError("ValidationError", `Filter type ${name} is not correct. Allowed Filter types are: auto-scaling-group key value propagate-at-launch`);
    const values = filter.strings("Values").map((v) => (name === "propagate-at-launch" ? v.toLowerCase() : v));
    rows = rows.filter((row) => values.includes(field(row)));
  }
  const page = paginateRecords(ctx.params, rows, 50, 100);
  return {
    Tags: page.items.map(({ group, tag }) => ({
      ResourceId: group.name,
      ResourceType: "auto-scaling-group",
      Key: tag.key,
      Value: tag.value,
      PropagateAtLaunch: tag.propagateAtLaunch,
    })),
    NextToken: page.nextToken,
  };
};

export const tagHandlers: Record<string, QueryHandler> = {
  CreateOrUpdateTags: createOrUpdateTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};
