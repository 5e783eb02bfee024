// The tags that make an Azure bake's resources findable, with the same keys as on AWS: `roll gc`
// looks for `roll:bake-id` (and `roll:temporary=true`) to remove what a killed bake left, and reads
// `roll:app` to know whose lock says whether that bake still runs. Gallery versions carry the release.

export const APP_TAG = "roll:app";
export const BAKE_ID_TAG = "roll:bake-id";
export const TEMPORARY_TAG = "roll:temporary";
export const VERSION_TAG = "roll:version";
export const CONTENT_HASH_TAG = "roll:content-hash";

export function temporaryTags(bakeId: string, app: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [APP_TAG]: app, [BAKE_ID_TAG]: bakeId, [TEMPORARY_TAG]: "true" };
}
