// Tags that make every resource of a bake findable: `roll gc` looks for `roll:bake-id` to remove
// what a killed bake left behind; `roll:temporary=true` marks what must never outlive the bake.

import type { Tag, TagSpecification, ResourceType } from "@aws-sdk/client-ec2";

export const BAKE_ID_TAG = "roll:bake-id";
export const TEMPORARY_TAG = "roll:temporary";

export function temporaryTags(bakeId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [BAKE_ID_TAG]: bakeId, [TEMPORARY_TAG]: "true" };
}

export function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function tagSpec(resourceType: ResourceType, tags: Record<string, string>): TagSpecification {
  return { ResourceType: resourceType, Tags: toTags(tags) };
}
