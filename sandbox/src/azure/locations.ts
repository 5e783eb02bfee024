// Paths under /subscriptions/{s}/providers/{Namespace}/locations/{location}/…: the marketplace image
// catalogue (Microsoft.Compute publishers/offers/skus/versions), VM sizes.

import type { RequestContext } from "./context.js";
import { ArmError, type ArmResponse } from "./wire.js";

export type LocationHandler = (ctx: RequestContext, location: string, rest: string[]) => ArmResponse | undefined;

const handlers: Array<{ namespace: string; handle: LocationHandler }> = [];

export function registerLocationHandler(namespace: string, handle: LocationHandler): void {
  handlers.push({ namespace: namespace.toLowerCase(), handle });
}

export function handleLocationPath(ctx: RequestContext, namespace: string, location: string, rest: string[]): ArmResponse {
  for (const handler of handlers) {
    if (handler.namespace !== namespace.toLowerCase()) continue;
    const answer = handler.handle(ctx, location.toLowerCase(), rest);
    if (answer) return answer;
  }
  throw new ArmError("InvalidResourceType", `The resource type '${rest.join("/")}' could not be found in the namespace '${namespace}' for api version '${ctx.apiVersion}'.`, 400);
}
