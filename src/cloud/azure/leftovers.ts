// What Azure bakes left behind: the temporary resource group of each bake (Packer's model: the builder
// VM, its disk, NIC, public IP, network and security group all live in it, so one delete removes them
// all). Found by tag, never by name, so a group someone else named `pkr-Resource-Group-*` is not ours.
// Whether the bake is dead is not decided here: the caller knows the app locks (see src/pipelines/gc.ts).

import type { AzureClients } from "./clients.js";
import { callAzure, isNotFound } from "./call.js";
import { APP_TAG, BAKE_ID_TAG, TEMPORARY_TAG } from "./tags.js";

export interface AzureLeftover {
  kind: "resource-group";
  id: string;
  name: string;
  location: string;
  bakeId: string;
  app?: string;
  state?: string;
}

export async function findAzureLeftovers(clients: AzureClients, options: { app?: string; signal?: AbortSignal } = {}): Promise<AzureLeftover[]> {
  const found: AzureLeftover[] = [];
  await callAzure("list resource groups", async () => {
    for await (const group of clients.resources().resourceGroups.list({ abortSignal: options.signal })) {
      const tags = group.tags ?? {};
      if (tags[TEMPORARY_TAG] !== "true" || !tags[BAKE_ID_TAG]) continue;
      if (options.app !== undefined && tags[APP_TAG] !== options.app) continue;
      found.push({
        kind: "resource-group",
        id: group.id!,
        name: group.name!,
        location: group.location,
        bakeId: tags[BAKE_ID_TAG]!,
        ...(tags[APP_TAG] ? { app: tags[APP_TAG] } : {}),
        ...(group.properties?.provisioningState ? { state: group.properties.provisioningState } : {}),
      });
    }
  });
  return found;
}

export interface AzureRemoval {
  removed: AzureLeftover[];
  failed: Array<{ resource: AzureLeftover; error: string }>;
}

/** Deletes each leftover group (a long-running operation, awaited); one failure does not stop the others. */
export async function removeAzureLeftovers(clients: AzureClients, leftovers: AzureLeftover[], options: { signal?: AbortSignal } = {}): Promise<AzureRemoval> {
  const result: AzureRemoval = { removed: [], failed: [] };
  await Promise.all(
    leftovers.map(async (leftover) => {
      try {
        await removeResourceGroup(clients, leftover.name, options.signal);
        result.removed.push(leftover);
      } catch (error) {
        result.failed.push({ resource: leftover, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return result;
}

/** Deletes a resource group and waits for ARM to finish; a group already gone counts as removed. */
export async function removeResourceGroup(clients: AzureClients, name: string, signal?: AbortSignal): Promise<void> {
  try {
    await callAzure(`delete resource group ${name}`, () =>
      clients.resources().resourceGroups.beginDeleteAndWait(name, { abortSignal: signal, updateIntervalInMs: 250 }),
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
