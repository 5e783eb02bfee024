// Tags of the image and its snapshots: the template's tags, then the caller's version tags (they
// win: roll:app, roll:version, roll:content-hash are roll's bookkeeping), then the bake's own marks.
// The image starts out temporary; the keep-image step takes that mark off once the bake succeeded.

import type { TagSpecification } from "@aws-sdk/client-ec2";
import type { EbsState } from "./state.js";
import { tagSpec, temporaryTags } from "./tags.js";

export function imageTagSpecs(state: EbsState): TagSpecification[] {
  const marks = temporaryTags(state.bakeId, state.app);
  return [
    tagSpec("image", { ...state.config.tags, ...state.imageTags, ...marks }),
    tagSpec("snapshot", { ...state.config.snapshotTags, ...state.imageTags, ...marks }),
  ];
}
