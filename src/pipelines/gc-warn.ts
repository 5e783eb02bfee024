// `roll bake` and `roll deploy` hold the app's lock, so any resource still tagged with the app's
// bake marks belongs to a bake that died: say so (once, as a warning) and point at `roll gc`.

import { describeResource, groupByBake } from "../bake/leftovers/index.js";
import { leftoverSweeper } from "../cloud/leftovers.js";
import type { RunContext } from "./context.js";

export async function warnAboutLeftovers(ctx: RunContext, app: string, regions: string[]): Promise<number> {
  const resources = await leftoverSweeper(ctx.clients, regions, { azure: false }).find({ app, signal: ctx.signal });
  if (resources.length === 0) return 0;
  const bakes = groupByBake(resources).map((bake) => `${bake.bakeId}: ${bake.resources.map(describeResource).join(", ")}`);
  ctx.emit({
    type: "log",
    level: "warn",
    message: `found ${resources.length} resource${resources.length === 1 ? "" : "s"} left by dead bakes of ${app} (${bakes.join("; ")}); run \`roll gc\` to remove them`,
  });
  return resources.length;
}
