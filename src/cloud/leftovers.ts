// The leftovers port: what killed bakes left, in whichever clouds the target reaches. The pipelines
// (roll gc, a deploy's repair step) see one list of resources and one remove call; the AWS adapter
// (src/bake/leftovers) and the Azure adapter (src/cloud/azure/leftovers.ts) do the cloud's part.

import { findBakeResources, removeBakeResources, type BakeResource, type RemovalReport } from "../bake/leftovers/index.js";
import type { EventSink } from "../engine/events.js";
import { findAzureLeftovers, removeAzureLeftovers, type AzureLeftover } from "./azure/leftovers.js";
import type { CloudClients } from "./target.js";

export interface LeftoverSweeper {
  find(options: { app?: string; signal?: AbortSignal }): Promise<BakeResource[]>;
  remove(resources: BakeResource[], options: { signal: AbortSignal; emit: EventSink }): Promise<RemovalReport>;
}

const isAzure = (resource: BakeResource) => resource.kind === "resource-group";

function toResource(leftover: AzureLeftover): BakeResource {
  return {
    kind: "resource-group",
    id: leftover.name,
    region: leftover.location,
    bakeId: leftover.bakeId,
    ...(leftover.app ? { app: leftover.app } : {}),
    ...(leftover.state ? { state: leftover.state } : {}),
    name: leftover.id,
  };
}

/**
 * AWS in `regions` (the target's own first), and Azure when the target has an Azure side and
 * `azure` is not false (an AWS app's own repair step need not ask Azure).
 */
export function leftoverSweeper(clients: CloudClients, regions: string[] = [], options: { azure?: boolean } = {}): LeftoverSweeper {
  const awsRegions = [...new Set([clients.target.region, ...regions])];
  const azure = options.azure === false ? undefined : clients.azure;
  return {
    async find({ app, signal }) {
      const [aws, groups] = await Promise.all([
        findBakeResources(clients, { regions: awsRegions, app, signal }),
        azure ? findAzureLeftovers(azure(), { app, signal }) : Promise.resolve([]),
      ]);
      return [...aws, ...groups.map(toResource)];
    },
    async remove(resources, { signal, emit }) {
      const aws = await removeBakeResources(clients, resources.filter((r) => !isAzure(r)), { signal, emit });
      const groups = resources.filter(isAzure);
      if (groups.length === 0 || !azure) return aws;
      const removal = await removeAzureLeftovers(
        azure(),
        groups.map((g) => ({ kind: "resource-group" as const, id: g.name ?? g.id, name: g.id, location: g.region, bakeId: g.bakeId, app: g.app })),
        { signal },
      );
      const byName = new Map(groups.map((g) => [g.id, g]));
      for (const removed of removal.removed) emit({ type: "resource", action: "deleted", kind: "resource-group", id: removed.name, detail: removed.location });
      return {
        removed: [...aws.removed, ...removal.removed.map((r) => byName.get(r.name)!)],
        failed: [...aws.failed, ...removal.failed.map((f) => ({ resource: byName.get(f.resource.name)!, error: f.error }))],
      };
    },
  };
}
