// Synthesize the app's stack for an image and a pinned group version, and make the cloud match it.

import type { ApplyResult } from "../infra/index.js";
import { createInfra, infraSynthOptions } from "../infra/index.js";
import { synthesizeApp } from "../stack/index.js";
import type { AppDefinition } from "../stack/app.js";
import type { RunContext } from "./context.js";

export async function applyStack(
  ctx: RunContext,
  app: AppDefinition,
  imageId: string,
  groupLaunchTemplateVersion: number | undefined,
): Promise<ApplyResult> {
  const stack = synthesizeApp(app, {
    app: app.name,
    region: ctx.clients.target.region,
    imageId,
    groupLaunchTemplateVersion,
  }, infraSynthOptions(ctx.infra, ctx.clients.target));
  const applier = createInfra(ctx.infra, ctx.clients, { stateRoot: ctx.stateRoot });
  return applier.apply(stack, {
    signal: ctx.signal,
    onChange: (change) => ctx.emit({ type: "resource", action: change.action, kind: change.kind, id: change.id, detail: change.detail ?? change.name }),
    onMessage: (message) => ctx.emit({ type: "log", level: message.level, message: message.message }),
  });
}
