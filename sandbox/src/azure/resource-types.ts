// How a resource type plugs into the generic ARM handlers (resources.ts): how a PUT body becomes a
// record, what a GET shows beyond the stored record, what a DELETE does besides forgetting it, and the
// POST actions and read-only child paths it answers.

import type { AzureFace, RequestContext } from "./context.js";
import type { ResourceRecord } from "./state.js";
import type { ArmResponse } from "./wire.js";

export interface PutInput {
  /** The record to fill in: a fresh one, or a copy of the existing one on update. */
  record: ResourceRecord;
  body: Record<string, unknown>;
  existing?: ResourceRecord;
  /** Records of the parents (gallery for an image definition, …), outermost first. */
  parents: ResourceRecord[];
}

export interface ResourceType {
  /** Canonical type, e.g. Microsoft.Network/virtualNetworks/subnets. */
  type: string;
  /** Tracked resources have location and tags and are listed among a group's resources. */
  tracked: boolean;
  /** Whether PUT answers with Azure-AsyncOperation and a provisioning state that settles later. */
  asyncPut: boolean;
  /** Validates the body and fills in the record; throws ArmError (before anything changes) on bad input. */
  put(ctx: RequestContext, input: PutInput): void | Promise<void>;
  /** Derived properties shown on GET (instance counts, states). */
  view?(face: AzureFace, record: ResourceRecord, properties: Record<string, unknown>): void;
  /** Refuses a delete (409) or starts what a delete does; returns true when the record goes at once. */
  delete?(face: AzureFace, record: ResourceRecord): boolean | void;
  /** POST {id}/{action}. */
  actions?: Record<string, (ctx: RequestContext, record: ResourceRecord) => ArmResponse | Promise<ArmResponse>>;
  /** GET {id}/{path} for read-only sub-resources (instanceView). */
  reads?: Record<string, (ctx: RequestContext, record: ResourceRecord) => ArmResponse>;
  /** Child collections that are not stored resources (scale set instances, rolling upgrades). */
  children?: Record<string, (ctx: RequestContext, record: ResourceRecord, rest: string[]) => ArmResponse | Promise<ArmResponse>>;
  /** Called on every reconcile tick for each record of the type. */
  reconcile?(face: AzureFace, record: ResourceRecord): void;
}

const registry = new Map<string, ResourceType>();

export function registerType(type: ResourceType): void {
  registry.set(type.type.toLowerCase(), type);
}

export function typeOf(type: string): ResourceType | undefined {
  return registry.get(type.toLowerCase());
}

export function allTypes(): ResourceType[] {
  return [...registry.values()];
}
