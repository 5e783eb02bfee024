// Tags that make every resource of a bake findable: `roll gc` looks for `roll:bake-id` to remove
// what a killed bake left behind, and `roll:app` to know whose lock says whether that bake still runs.
// `roll:temporary=true` marks what must never outlive the bake: the key pair, group and instance
// always, and the image until the bake has finished (the last step takes the mark off), so the image
// of a bake killed half-way is a leftover too, never a version.

import type { Tag, TagSpecification, ResourceType } from "@aws-sdk/client-ec2";

export const BAKE_ID_TAG = "roll:bake-id";
export const TEMPORARY_TAG = "roll:temporary";
export const APP_TAG = "roll:app";

export function temporaryTags(bakeId: string, app: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [APP_TAG]: app, [BAKE_ID_TAG]: bakeId, [TEMPORARY_TAG]: "true" };
}

export function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function tagSpec(resourceType: ResourceType, tags: Record<string, string>): TagSpecification {
  return { ResourceType: resourceType, Tags: toTags(tags) };
}
