// The bake engine's public surface: the amazon-ebs builder, the communicator and the provisioners.

export { bakeImage, type BakeImageOptions, type BakeResult } from "./amazon-ebs/bake.js";
export { parseEbsConfig, type EbsConfig } from "./amazon-ebs/config.js";
export { BAKE_ID_TAG, TEMPORARY_TAG } from "./amazon-ebs/tags.js";
export { connect, createSession, fingerprintOf, fingerprintsFromConsole, type Communicator, type ConnectOptions } from "./communicator/index.js";
export { prepareProvisioners, provisionersFor, runProvisioners, type PreparedProvisioner, type ProvisionerRunContext } from "./provisioners/index.js";
