export { bakeImage, type BakeImageOptions, type BakeResult } from "./bake.js";
export { parseEbsConfig, type EbsConfig } from "./config.js";
export { EBS_STEPS } from "./steps.js";
export { BAKE_ID_TAG, TEMPORARY_TAG } from "./tags.js";
