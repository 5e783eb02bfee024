// The generic ARM resource handlers: PUT / PATCH / GET / DELETE / HEAD on
// /subscriptions/{s}/resourceGroups/{g}/providers/{Namespace}/{type}/{name}[/{childType}/{name}…],
// the collection lists (per group, per subscription, children of a parent), POST actions and read-only
// sub-paths. Names match case-insensitively; a record keeps the casing it was created with.

import type { AzureFace, RequestContext } from "./context.js";
import { finishOperation, operationHeaders, startOperation } from "./operations.js";
import { typeOf, type ResourceType } from "./resource-types.js";
import type { ResourceRecord } from "./state.js";
import { ArmError, groupNotFound, notFound, type ArmResponse } from "./wire.js";
import { randomUUID } from "node:crypto";

export function providerOf(type: string): string {
  return type.slice(0, type.indexOf("/"));
}

/** The JSON a client sees for a record. */
export function viewOf(face: AzureFace, record: ResourceRecord): Record<string, unknown> {
  const type = typeOf(record.type);
  const properties = structuredClone(record.properties);
  type?.view?.(face, record, properties);
  const tracked = type?.tracked ?? true;
  return {
    ...(record.etag ? { etag: record.etag } : {}),
    id: record.id,
    name: record.name,
    type: record.type,
    ...(tracked ? { location: record.location, tags: record.tags } : {}),
    ...(record.sku ? { sku: record.sku } : {}),
    ...(record.kind ? { kind: record.kind } : {}),
    ...(record.plan ? { plan: record.plan } : {}),
    ...(record.zones ? { zones: record.zones } : {}),
    ...(record.identity ? { identity: record.identity } : {}),
    properties,
  };
}

interface Resolved {
  /** Lower-cased group name. */
  group: string;
  groupName: string;
  namespace: string;
  /** Type segments and names so far: [[type, name], …]. */
  pairs: Array<[string, string]>;
  /** Segments after the last resolved resource. */
  rest: string[];
}

function fullType(namespace: string, types: string[]): string {
  return [namespace, ...types].join("/");
}

function canonicalType(face: AzureFace, namespace: string, types: string[]): string {
  const known = typeOf(fullType(namespace, types));
  return known ? known.type : fullType(namespace, types);
}

function idFor(face: AzureFace, groupName: string, namespace: string, pairs: Array<[string, string]>): string {
  const canonical = canonicalType(face, namespace, pairs.map((p) => p[0])).split("/");
  return `/subscriptions/${face.subscriptionId}/resourceGroups/${groupName}/providers/${canonical[0]}/${pairs.map(([, n], i) => `${canonical[i + 1]}/${n}`).join("/")}`;
}

function requireGroup(face: AzureFace, name: string): { lower: string; name: string } {
  const group = face.state.groups[name.toLowerCase()];
  if (!group) throw groupNotFound(name);
  return { lower: name.toLowerCase(), name: group.name };
}

function typeName(type: string): string {
  return type;
}

/** Records of every parent of a nested resource (404 ParentResourceNotFound when one is missing). */
function parentsOf(face: AzureFace, groupName: string, namespace: string, pairs: Array<[string, string]>): ResourceRecord[] {
  const parents: ResourceRecord[] = [];
  for (let i = 1; i < pairs.length; i++) {
    const id = idFor(face, groupName, namespace, pairs.slice(0, i));
    const record = face.resource(id);
    if (!record) {
      throw new ArmError("ParentResourceNotFound", `Failed to perform 'write' on resource(s) of type '${fullType(namespace, pairs.map((p) => p[0]))}', because the parent resource '${id}' could not be found.`, 404);
    }
    parents.push(record);
  }
  return parents;
}

function listChildren(face: AzureFace, parentId: string | undefined, type: string, group?: string): ResourceRecord[] {
  const prefix = parentId ? `${parentId.toLowerCase()}/` : undefined;
  return Object.values(face.state.resources).filter(
    (r) => r.type.toLowerCase() === type.toLowerCase() && (group === undefined || r.group === group) && (prefix === undefined || r.id.toLowerCase().startsWith(prefix)),
  );
}

export function listOf(face: AzureFace, records: ResourceRecord[]): ArmResponse {
  return { status: 200, body: { value: records.sort((a, b) => a.createdAt - b.createdAt).map((r) => viewOf(face, r)) } };
}

function toTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new ArmError("InvalidTagFormat", "The tags must be an object of string values.");
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.length > 512) throw new ArmError("InvalidTagNameCharacters", `The tag name '${k.slice(0, 40)}…' is longer than 512 characters.`);
    tags[k] = String(v ?? "");
  }
  if (Object.keys(tags).length > 50) throw new ArmError("InvalidTagCount", "A resource can have at most 50 tags.");
  return tags;
}

function mergeDeep(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    const current = out[k];
    if (v && typeof v === "object" && !Array.isArray(v) && current && typeof current === "object" && !Array.isArray(current)) {
      out[k] = mergeDeep(current as Record<string, unknown>, v as Record<string, unknown>);
    } else out[k] = v;
  }
  return out;
}

async function putResource(ctx: RequestContext, type: ResourceType, id: string, r: Resolved, patch: boolean): Promise<ArmResponse> {
  const { face } = ctx;
  const group = face.state.groups[r.group]!;
  if (group.provisioningState === "Deleting") {
    throw new ArmError("ResourceGroupBeingDeleted", `The resource group '${group.name}' is in deprovisioning state and cannot perform this operation.`, 409);
  }
  const parents = parentsOf(face, group.name, r.namespace, r.pairs);
  const existing = face.resource(id);
  if (patch && !existing) throw notFound(typeName(type.type), r.pairs.map((p) => p[1]).join("/"), group.name);
  let body = ctx.body;
  if (patch) body = mergeDeep(viewOf(face, existing!), body);
  const name = existing?.name ?? r.pairs[r.pairs.length - 1]![1];
  const location = existing?.location ?? (type.tracked ? String(body.location ?? parents[0]?.location ?? "") : parents[0]?.location ?? group.location);
  if (type.tracked && !location) throw new ArmError("LocationRequired", "The location property is required for this definition.", 400);
  if (existing && type.tracked && body.location !== undefined && String(body.location).toLowerCase().replace(/\s/g, "") !== existing.location) {
    throw new ArmError("InvalidResourceLocation", `The resource '${name}' already exists in location '${existing.location}' in resource group '${group.name}'. A resource with the same name cannot be created in location '${String(body.location)}'. Please select a new resource name.`, 409);
  }
  const record: ResourceRecord = existing
    ? structuredClone(existing)
    : { id: existing ? "" : id, name, type: type.type, group: r.group, location: location.toLowerCase().replace(/\s/g, ""), tags: {}, properties: {}, internal: {}, createdAt: face.now() };
  if (body.tags !== undefined || !existing) record.tags = toTags(body.tags);
  await type.put(ctx, { record, body, existing, parents });
  record.etag = `W/"${randomUUID()}"`;
  face.state.resources[record.id.toLowerCase()] = record;
  face.changed();
  const view = viewOf(face, record);
  if (!type.asyncPut) return { status: existing ? 200 : 201, body: view };
  const op = startOperation(face, record.location, "put", record.id);
  return { status: existing ? 200 : 201, body: view, headers: operationHeaders(face, op, ctx.apiVersion, providerOf(type.type), false) };
}

/** Removes a record and its nested records (subnets with their network, versions with their image). */
export function forgetResource(face: AzureFace, record: ResourceRecord): void {
  const prefix = `${record.id.toLowerCase()}/`;
  for (const key of Object.keys(face.state.resources)) if (key.startsWith(prefix)) delete face.state.resources[key];
  delete face.state.resources[record.id.toLowerCase()];
  face.changed();
}

/** Starts deleting a resource; returns the operation when it is not gone at once. */
export function deleteResource(face: AzureFace, record: ResourceRecord): boolean {
  const type = typeOf(record.type);
  const immediate = type?.delete ? type.delete(face, record) !== false : true;
  if (immediate) forgetResource(face, record);
  return immediate;
}

function deleteRequest(ctx: RequestContext, record: ResourceRecord | undefined): ArmResponse {
  if (!record) return { status: 204 };
  const { face } = ctx;
  const type = typeOf(record.type);
  const op = startOperation(face, record.location, "delete", record.id);
  deleteResource(face, record);
  if (!face.resource(record.id)) finishOperation(face, op, "Succeeded");
  return { status: 202, headers: operationHeaders(face, op, ctx.apiVersion, providerOf(type?.type ?? record.type), true) };
}

/** Everything under /subscriptions/{s}/resourceGroups/{g}/providers/… */
export async function handleGroupProvider(ctx: RequestContext, groupName: string, segments: string[]): Promise<ArmResponse> {
  const { face, method } = ctx;
  const group = requireGroup(face, groupName);
  const [namespace, ...rest] = segments;
  if (!namespace) throw new ArmError("InvalidResourceNamespace", "The resource namespace is missing.", 400);
  const pairs: Array<[string, string]> = [];
  let i = 0;
  let record: ResourceRecord | undefined;
  while (i < rest.length) {
    const segment = rest[i]!;
    if (record) {
      const owner = typeOf(record.type)!;
      const child = owner.children && Object.keys(owner.children).find((k) => k.toLowerCase() === segment.toLowerCase());
      if (child) return owner.children![child]!(ctx, record, rest.slice(i + 1));
    }
    const types = [...pairs.map((p) => p[0]), segment];
    const type = typeOf(fullType(namespace, types));
    if (!type) {
      if (record && i === rest.length - 1) {
        const owner = typeOf(record.type)!;
        const actionName = method === "POST" ? owner.actions && Object.keys(owner.actions).find((k) => k.toLowerCase() === segment.toLowerCase()) : undefined;
        if (actionName) return owner.actions![actionName]!(ctx, record);
        const readName = method === "GET" ? owner.reads && Object.keys(owner.reads).find((k) => k.toLowerCase() === segment.toLowerCase()) : undefined;
        if (readName) return owner.reads![readName]!(ctx, record);
      }
      throw new ArmError(
        "InvalidResourceType",
        `The resource type '${types.join("/")}' could not be found in the namespace '${namespace}' for api version '${ctx.apiVersion}'.`,
        400,
      );
    }
    if (i === rest.length - 1) {
      // A collection: GET lists it.
      if (method !== "GET") throw new ArmError("MethodNotAllowed", `The requested method '${method}' is not allowed for a collection.`, 405);
      return listOf(face, listChildren(face, record?.id, type.type, group.lower));
    }
    pairs.push([segment, rest[i + 1]!]);
    const id = idFor(face, group.name, namespace, pairs);
    const last = i + 2 >= rest.length;
    const found = face.resource(id);
    if (last) {
      const resolved: Resolved = { group: group.lower, groupName: group.name, namespace, pairs, rest: [] };
      switch (method) {
        case "PUT":
          return putResource(ctx, type, id, resolved, false);
        case "PATCH":
          return putResource(ctx, type, found?.id ?? id, resolved, true);
        case "GET":
          if (!found) throw notFound(type.type, pairs.map((p) => p[1]).join("/"), group.name);
          return { status: 200, body: viewOf(face, found) };
        case "HEAD":
          return { status: found ? 204 : 404 };
        case "DELETE":
          return deleteRequest(ctx, found);
        default:
          throw new ArmError("MethodNotAllowed", `The requested method '${method}' is not allowed.`, 405);
      }
    }
    if (!found) throw notFound(type.type, pairs.map((p) => p[1]).join("/"), group.name);
    record = found;
    i += 2;
  }
  throw new ArmError("InvalidResourceType", "The request names no resource type.", 400);
}

/** GET /subscriptions/{s}/providers/{Namespace}/{type}: every resource of that type. */
export function listSubscriptionType(ctx: RequestContext, namespace: string, typeName: string): ArmResponse | undefined {
  const type = typeOf(`${namespace}/${typeName}`);
  if (!type) return undefined;
  return listOf(ctx.face, listChildren(ctx.face, undefined, type.type));
}

/**
 * `$filter` of the resources list: `resourceGroup eq 'g'`, `resourceType eq 't'`, `name eq 'n'`,
 * `tagName eq 'k'` [`and tagValue eq 'v'`], joined with `and` (what az and the SDKs send).
 */
function resourceFilter(filter: string | null): (r: ResourceRecord) => boolean {
  if (!filter) return () => true;
  const terms = filter.split(/\s+and\s+/i).map((term) => {
    const match = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(term);
    if (!match) throw new ArmError("InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string.`, 400);
    return { field: match[1]!.toLowerCase(), value: match[2]!.replace(/''/g, "'") };
  });
  const tagName = terms.find((t) => t.field === "tagname")?.value;
  return (r) =>
    terms.every((t) => {
      switch (t.field) {
        case "resourcegroup":
          return r.group === t.value.toLowerCase();
        case "resourcetype":
          return r.type.toLowerCase() === t.value.toLowerCase();
        case "name":
          return r.name.toLowerCase() === t.value.toLowerCase();
        case "location":
          return r.location === t.value.toLowerCase();
        case "tagname":
          return Object.keys(r.tags).some((k) => k.toLowerCase() === t.value.toLowerCase());
        case "tagvalue":
          return tagName !== undefined && Object.entries(r.tags).some(([k, v]) => k.toLowerCase() === tagName.toLowerCase() && v === t.value);
        default:
          throw new ArmError("InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string.`, 400);
      }
    });
}

/** GET …/resources: the tracked resources (of a group, or of the subscription), with `$filter`. */
export function listResources(face: AzureFace, group: string | undefined, filterText: string | null = null): ArmResponse {
  const filter = resourceFilter(filterText);
  const records = Object.values(face.state.resources).filter((r) => (group === undefined || r.group === group) && (typeOf(r.type)?.tracked ?? true) && filter(r));
  return {
    status: 200,
    body: {
      value: records
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((r) => ({ id: r.id, name: r.name, type: r.type, location: r.location, tags: r.tags, ...(r.sku ? { sku: r.sku } : {}), ...(r.kind ? { kind: r.kind } : {}) })),
    },
  };
}
