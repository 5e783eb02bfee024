// Microsoft.Resources/resourceGroups: create or update (synchronous, 201/200), get, head, list, and
// delete as a long-running operation that deletes everything in the group first (202 + Location).

import type { AzureFace, RequestContext } from "./context.js";
import { finishOperation, startOperation } from "./operations.js";
import { deleteResource, listResources } from "./resources.js";
import type { GroupRecord } from "./state.js";
import { ArmError, groupNotFound, type ArmResponse } from "./wire.js";

const GROUP_NAME = /^[-\w._()]{1,90}$/u;

export function normalizeLocation(value: unknown): string {
  return String(value ?? "").toLowerCase().replace(/\s/g, "");
}

function view(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    type: "Microsoft.Resources/resourceGroups",
    location: group.location,
    ...(Object.keys(group.tags).length > 0 ? { tags: group.tags } : {}),
    ...(group.managedBy ? { managedBy: group.managedBy } : {}),
    properties: { provisioningState: group.provisioningState },
  };
}

function putGroup(ctx: RequestContext, name: string): ArmResponse {
  const { face, body } = ctx;
  if (!GROUP_NAME.test(name) || name.endsWith(".")) {
    throw new ArmError("InvalidResourceGroup", `The provided resource group name '${name}' has these invalid characters: it may only contain alphanumerics, underscores, parentheses, hyphens and periods (not at the end), up to 90 characters.`, 400);
  }
  const location = normalizeLocation(body.location);
  if (!location) throw new ArmError("LocationRequired", "The location property is required for this definition.", 400);
  if (!/^[a-z0-9]+$/.test(location)) {
    throw new ArmError("LocationNotAvailableForResourceGroup", `The provided location '${String(body.location)}' is not available for resource group. List of available regions is '${KNOWN_LOCATIONS.join(",")}'.`, 400);
  }
  const tags = body.tags === undefined ? undefined : (Object.fromEntries(Object.entries(body.tags as Record<string, unknown>).map(([k, v]) => [k, String(v)])) as Record<string, string>);
  const existing = face.state.groups[name.toLowerCase()];
  if (existing) {
    if (existing.provisioningState === "Deleting") {
      throw new ArmError("ResourceGroupBeingDeleted", `The resource group '${existing.name}' is in deprovisioning state and cannot perform this operation.`, 409);
    }
    if (existing.location !== location) {
      throw new ArmError("InvalidResourceGroupLocation", `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`, 409);
    }
    if (tags) existing.tags = tags;
    if (typeof body.managedBy === "string") existing.managedBy = body.managedBy;
    face.changed();
    return { status: 200, body: view(existing) };
  }
  const group: GroupRecord = { id: face.groupId(name), name, location, tags: tags ?? {}, provisioningState: "Succeeded", ...(typeof body.managedBy === "string" ? { managedBy: body.managedBy } : {}) };
  face.state.groups[name.toLowerCase()] = group;
  face.changed();
  return { status: 201, body: view(group) };
}

function deleteGroup(ctx: RequestContext, group: GroupRecord): ArmResponse {
  const { face } = ctx;
  if (group.provisioningState !== "Deleting") {
    group.provisioningState = "Deleting";
    // Nested resources first (versions before their image, images before their gallery), as ARM does.
    const inGroup = Object.values(face.state.resources).filter((r) => r.group === group.name.toLowerCase());
    inGroup.sort((a, b) => b.id.split("/").length - a.id.split("/").length);
    for (const record of inGroup) if (face.resource(record.id) === record) deleteResource(face, record);
  }
  const existing = Object.values(face.state.operations).find((op) => op.watches === group.id.toLowerCase() && op.status === "InProgress");
  const op = existing ?? startOperation(face, group.location, "delete", group.id);
  reconcileGroups(face);
  const location = `${face.endpoint}/subscriptions/${face.subscriptionId}/operationresults/${op.id}?api-version=${ctx.apiVersion}`;
  return { status: 202, headers: { location, "retry-after": "1" } };
}

/** A deleting group goes once nothing is left in it. */
export function reconcileGroups(face: AzureFace): void {
  for (const [key, group] of Object.entries(face.state.groups)) {
    if (group.provisioningState !== "Deleting") continue;
    if (Object.values(face.state.resources).some((r) => r.group === key)) continue;
    delete face.state.groups[key];
    for (const op of Object.values(face.state.operations)) if (op.watches === group.id.toLowerCase()) finishOperation(face, op, "Succeeded");
    face.changed();
  }
}

/** /subscriptions/{s}/resourcegroups[/{name}[/resources]] */
export function handleGroups(ctx: RequestContext, rest: string[]): ArmResponse {
  const { face, method } = ctx;
  if (rest.length === 0) {
    if (method !== "GET") throw new ArmError("MethodNotAllowed", `The requested method '${method}' is not allowed.`, 405);
    return { status: 200, body: { value: Object.values(face.state.groups).map(view) } };
  }
  const name = decodeURIComponent(rest[0]!);
  const group = face.state.groups[name.toLowerCase()];
  if (rest.length === 2 && rest[1]!.toLowerCase() === "resources" && method === "GET") {
    if (!group) throw groupNotFound(name);
    return listResources(face, name.toLowerCase(), ctx.url.searchParams.get("$filter"));
  }
  if (rest.length !== 1) throw new ArmError("InvalidResourceType", `The resource type '${rest.slice(1).join("/")}' could not be found.`, 400);
  switch (method) {
    case "PUT":
      return putGroup(ctx, name);
    case "GET":
      if (!group) throw groupNotFound(name);
      return { status: 200, body: view(group) };
    case "HEAD":
      return { status: group ? 204 : 404 };
    case "PATCH": {
      if (!group) throw groupNotFound(name);
      if (ctx.body.tags !== undefined) group.tags = Object.fromEntries(Object.entries(ctx.body.tags as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      face.changed();
      return { status: 200, body: view(group) };
    }
    case "DELETE":
      if (!group) throw groupNotFound(name);
      return deleteGroup(ctx, group);
    default:
      throw new ArmError("MethodNotAllowed", `The requested method '${method}' is not allowed.`, 405);
  }
}

/** Locations the sandbox lists (any lower-case location name is accepted). */
export const KNOWN_LOCATIONS = ["eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northeurope", "westeurope", "uksouth", "swedencentral", "japaneast", "australiaeast"];
