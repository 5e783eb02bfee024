// Tags of the image and its snapshots: the template's tags, then the caller's version tags (they
// win: roll:app, roll:version, roll:content-hash are roll's bookkeeping), then the bake id.

import type { TagSpecification } from "@aws-sdk/client-ec2";
import type { EbsState } from "./state.js";
import { BAKE_ID_TAG, tagSpec } from "./tags.js";

export function imageTagSpecs(state: EbsState): TagSpecification[] {
  return [
    tagSpec("image", { ...state.config.tags, ...state.imageTags, [BAKE_ID_TAG]: state.bakeId }),
    tagSpec("snapshot", { ...state.config.snapshotTags, ...state.imageTags, [BAKE_ID_TAG]: state.bakeId }),
  ];
}
