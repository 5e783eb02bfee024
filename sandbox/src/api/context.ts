// What every API handler gets: the cloud model, the region the request was signed for, its parameters.

import type { Cloud } from "../model/cloud.js";
import type { FormParams } from "../wire/form.js";
import type { Body } from "../wire/envelope.js";

export interface ApiContext {
  cloud: Cloud;
  region: string;
  params: FormParams;
  requestId: string;
}

export type Ec2Handler = (ctx: ApiContext) => Body | Promise<Body>;
/** Returns undefined for operations without output (only ResponseMetadata is sent). */
export type QueryHandler = (ctx: ApiContext) => Body | undefined | Promise<Body | undefined>;
