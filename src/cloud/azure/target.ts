// Where roll's Azure calls go: the sandbox's Azure face, or a real subscription. Read from the same
// variables the Azure SDKs and `roll sandbox env` use, so one environment serves roll, the SDK samples
// and the Azure CLI. The client secret is held here and handed only to @azure/identity.

import { readFileSync } from "node:fs";
import { userError } from "../../engine/errors.js";

export interface AzureTarget {
  kind: "sandbox" | "azure";
  /** Resource Manager, e.g. https://management.azure.com or the sandbox's https://127.0.0.1:4576. */
  endpoint: string;
  /** Entra ID authority host; the sandbox serves it on its ARM endpoint. */
  authorityHost: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  clientSecret: string;
  /** PEM of a CA to trust in addition to none (the sandbox's own CA); absent for Azure. */
  ca?: string;
}

export interface SandboxAzureInfo {
  endpoint: string;
  caFile: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
}

/** The sandbox's face, with the service principal's secret the sandbox keeps in its data folder. */
export function sandboxAzureTarget(info: SandboxAzureInfo, clientSecret: string): AzureTarget {
  return {
    kind: "sandbox",
    endpoint: info.endpoint,
    authorityHost: info.endpoint,
    tenantId: info.tenantId,
    subscriptionId: info.subscriptionId,
    clientId: info.clientId,
    clientSecret,
    ca: readFileSync(info.caFile, "utf8"),
  };
}

/** A real subscription from AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_TENANT_ID / AZURE_SUBSCRIPTION_ID. */
export function azureTargetFromEnv(env: NodeJS.ProcessEnv = process.env): AzureTarget {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw userError("no-azure-credentials", `Azure needs ${name} (a service principal: AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID)`);
    return value;
  };
  return {
    kind: "azure",
    endpoint: env.AZURE_RESOURCE_MANAGER_ENDPOINT || "https://management.azure.com",
    authorityHost: env.AZURE_AUTHORITY_HOST || "https://login.microsoftonline.com",
    tenantId: need("AZURE_TENANT_ID"),
    subscriptionId: need("AZURE_SUBSCRIPTION_ID"),
    clientId: need("AZURE_CLIENT_ID"),
    clientSecret: need("AZURE_CLIENT_SECRET"),
  };
}
