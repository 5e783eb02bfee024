// The bake engine's public surface: the amazon-ebs builder, the communicator, the provisioners, the
// on-error policy, and finding/removing what dead bakes left.

export { bakeImage, type BakeImageOptions, type BakeResult } from "./amazon-ebs/bake.js";
export { parseEbsConfig, type EbsConfig } from "./amazon-ebs/config.js";
export { findSourceImage } from "./amazon-ebs/step-source-image.js";
export { APP_TAG, BAKE_ID_TAG, TEMPORARY_TAG } from "./amazon-ebs/tags.js";
export { connect, createSession, fingerprintOf, fingerprintsFromConsole, type Communicator, type ConnectOptions } from "./communicator/index.js";
export { ON_ERROR_POLICIES, type OnErrorChoice, type OnErrorOptions, type OnErrorPolicy } from "./on-error.js";
export { prepareProvisioners, provisionersFor, runProvisioners, type PreparedProvisioner, type ProvisionerRunContext } from "./provisioners/index.js";
export { describeResource, findBakeResources, groupByBake, removeBakeResources, type BakeResource } from "./leftovers/index.js";
