// What every Azure handler gets: the shared cloud model, the Azure part of the state, the identity and
// the face's public endpoint (used in the URLs it hands out: operation status, next links).

import type { Cloud } from "../model/cloud.js";
import type { AzureIdentity } from "./identity.js";
import { emptyAzureState, type AzureState, type ResourceRecord } from "./state.js";

export class AzureFace {
  endpoint = "";
  constructor(
    readonly cloud: Cloud,
    readonly identity: AzureIdentity,
  ) {}

  get state(): AzureState {
    const s = this.cloud.state;
    s.azure ??= emptyAzureState();
    s.azure.marketplace ??= [];
    return s.azure;
  }

  get subscriptionId(): string {
    return this.identity.subscriptionId;
  }

  now(): number {
    return this.cloud.now();
  }

  changed(): void {
    this.cloud.changed();
  }

  groupId(name: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${name}`;
  }

  resource(id: string): ResourceRecord | undefined {
    return this.state.resources[id.toLowerCase()];
  }
}

export interface RequestContext {
  face: AzureFace;
  method: string;
  url: URL;
  apiVersion: string;
  body: Record<string, unknown>;
}
