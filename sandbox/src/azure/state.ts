// What the Azure face keeps in the sandbox's state (SandboxState.azure, saved with everything else):
// resource groups and ARM resources by lower-cased id (names match case-insensitively; each record keeps
// the casing used at creation). Instances of VMs and scale sets live in SandboxState.instances, shared
// with the AWS face, under their Azure location as region.

export interface GroupRecord {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  managedBy?: string;
  provisioningState: "Succeeded" | "Deleting";
}

export interface ResourceRecord {
  id: string;
  name: string;
  /** e.g. Microsoft.Network/virtualNetworks or Microsoft.Compute/galleries/images/versions. */
  type: string;
  /** Lower-cased group name. */
  group: string;
  location: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  sku?: Record<string, unknown>;
  zones?: string[];
  identity?: Record<string, unknown>;
  plan?: Record<string, unknown>;
  kind?: string;
  etag?: string;
  /** The sandbox's own bookkeeping, never shown to clients. */
  internal: Record<string, unknown>;
  createdAt: number;
}

export interface OperationRecord {
  id: string;
  location: string;
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  startTime: number;
  endTime?: number;
  error?: { code: string; message: string };
  /** What the Location URL answers once done (200 with this body, or 204 when absent). */
  result?: unknown;
  /** Lower-cased id of the resource whose provisioning state decides the operation, if any. */
  watches?: string;
  /** "delete": done when the resource is gone. */
  kind: "put" | "delete" | "action";
}

/** A published newer Canonical image version (`publish-base` for the Azure face). */
export interface MarketplaceVersion {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  layers: string[];
  createdAt: number;
}

export interface AzureState {
  groups: Record<string, GroupRecord>;
  resources: Record<string, ResourceRecord>;
  operations: Record<string, OperationRecord>;
  marketplace: MarketplaceVersion[];
}

export function emptyAzureState(): AzureState {
  return { groups: {}, resources: {}, operations: {}, marketplace: [] };
}
