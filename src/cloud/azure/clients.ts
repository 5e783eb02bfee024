// Every Azure SDK client roll uses, made here: one credential (client secret through @azure/identity),
// the target's ARM endpoint and token scope, and the sandbox's CA trusted in-process (NODE_EXTRA_CA_CERTS
// would only be read at start-up). Calls pass the run's AbortSignal themselves (see call.ts).

import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import type { AzureTarget } from "./target.js";

export interface AzureClients {
  target: AzureTarget;
  subscriptionId: string;
  credential: TokenCredential;
  resources(): ResourceManagementClient;
  compute(): ComputeManagementClient;
  network(): NetworkManagementClient;
}

/**
 * The token audience for Resource Manager. The sandbox, like the Azure CLI, uses ARM's classic
 * audience; for Azure the endpoint itself names it.
 */
function armScope(target: AzureTarget): string {
  return target.kind === "sandbox" ? "https://management.core.windows.net/.default" : `${target.endpoint.replace(/\/$/, "")}/.default`;
}

function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

export function azureClients(target: AzureTarget): AzureClients {
  const tlsOptions = target.ca ? { ca: target.ca } : undefined;
  const credential = new ClientSecretCredential(target.tenantId, target.clientId, target.clientSecret, {
    authorityHost: target.authorityHost,
    // The sandbox is not a cloud Microsoft's instance discovery knows.
    disableInstanceDiscovery: target.kind === "sandbox",
    ...(tlsOptions ? { tlsOptions } : {}),
  });
  const options = {
    endpoint: target.endpoint,
    credentialScopes: [armScope(target)],
    ...(tlsOptions ? { tlsOptions } : {}),
    retryOptions: { maxRetries: 6 },
  };
  return {
    target,
    subscriptionId: target.subscriptionId,
    credential,
    resources: once(() => new ResourceManagementClient(credential, target.subscriptionId, options)),
    compute: once(() => new ComputeManagementClient(credential, target.subscriptionId, options)),
    network: once(() => new NetworkManagementClient(credential, target.subscriptionId, options)),
  };
}
