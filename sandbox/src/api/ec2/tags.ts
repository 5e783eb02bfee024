// EC2 tags: CreateTags, DeleteTags, DescribeTags over every taggable resource the sandbox has.

import { resourceType } from "../../model/cloud.js";
import { rootVolumeId } from "../../model/ids.js";
import { defaultSubnets, defaultVpc } from "../../model/network.js";
import type { Tag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, filtersOf, paginate, validTag } from "./common.js";

function tagsOf(ctx: ApiContext, id: string): Tag[] {
  const found = ctx.cloud.taggable(id);
  if (found && found.region === ctx.region) return found.tags;
  const network = [defaultVpc(ctx.region).id, ...defaultSubnets(ctx.region).map((s) => s.id)];
  if (network.includes(id)) return (ctx.cloud.state.networkTags[id] ??= []);
  if (!/^[a-z]+-[0-9a-f]{8,17}$/.test(id)) throw new ApiError("InvalidID", `The ID '${id}' is not valid`);
  const notFound: Record<string, string> = {
    instance: "InvalidInstanceID.NotFound",
    image: "InvalidAMIID.NotFound",
    snapshot: "InvalidSnapshot.NotFound",
    "security-group": "InvalidGroup.NotFound",
    "launch-template": "InvalidLaunchTemplateId.NotFound",
    "key-pair": "InvalidKeyPair.NotFound",
    volume: "InvalidVolume.NotFound",
    "spot-instances-request": "InvalidSpotInstanceRequestID.NotFound",
  };
  throw new ApiError(notFound[resourceType(id)] ?? "InvalidID", `The ID '${id}' does not exist`);
}

const createTags: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("ResourceId");
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter resourceIdSet");
  const tags = ctx.params.list("Tag").map((t) => validTag(t.required("Key"), t.raw("Value") ?? ""));
  if (tags.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter tagSet");
  const targets = ids.map((id) => tagsOf(ctx, id));
  for (const list of targets) {
    for (const tag of tags) {
      const existing = list.find((t) => t.key === tag.key);
      if (existing) existing.value = tag.value;
      else list.push({ ...tag });
    }
    if (list.length > 50) throw new ApiError("TagLimitExceeded", "The maximum number of tags (50) for a resource has been reached.");
  }
  ctx.cloud.changed();
  return { return: true };
};

const deleteTags: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("ResourceId");
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request must contain the parameter resourceIdSet");
  const selectors = ctx.params.list("Tag").map((t) => ({ key: t.required("Key"), value: t.raw("Value") }));
  for (const id of ids) {
    const list = tagsOf(ctx, id);
    const keep = list.filter((t) =>
      selectors.length === 0
        ? false
        : !selectors.some((s) => s.key === t.key && (s.value === undefined || s.value === t.value)),
    );
    list.splice(0, list.length, ...keep);
  }
  ctx.cloud.changed();
  return { return: true };
};

interface TagRow {
  resourceId: string;
  resourceType: string;
  key: string;
  value: string;
}

const TAG_FILTERS = {
  "resource-id": (r: TagRow) => r.resourceId,
  "resource-type": (r: TagRow) => r.resourceType,
  key: (r: TagRow) => r.key,
  value: (r: TagRow) => r.value,
};

const describeTags: Ec2Handler = (ctx) => {
  const s = ctx.cloud.state;
  const rows: TagRow[] = [];
  const add = (id: string, region: string, tags: Tag[]) => {
    if (region !== ctx.region) return;
    for (const t of tags) rows.push({ resourceId: id, resourceType: resourceType(id), key: t.key, value: t.value });
  };
  for (const r of [...Object.values(s.instances), ...Object.values(s.images), ...Object.values(s.snapshots), ...Object.values(s.securityGroups), ...Object.values(s.launchTemplates), ...Object.values(s.keyPairs)]) {
    add(r.id, r.region, r.tags);
  }
  for (const [id, tags] of Object.entries(s.networkTags)) add(id, ctx.region, tags);
  for (const r of Object.values(s.spotRequests ?? {})) add(r.id, r.region, r.tags);
  for (const i of Object.values(s.instances)) if (i.state !== "terminated" && i.rootVolumeTags) add(rootVolumeId(i.id), i.region, i.rootVolumeTags);
  const selected = applyFilters(rows, filtersOf(ctx.params), TAG_FILTERS, () => []);
  const page = paginate(ctx.params, selected, { min: 5, max: 1000 }, false);
  return { tagSet: page.items.map((r) => ({ resourceId: r.resourceId, resourceType: r.resourceType, key: r.key, value: r.value })), nextToken: page.nextToken };
};

export const tagHandlers: Record<string, Ec2Handler> = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};
