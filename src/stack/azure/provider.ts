// The azurerm provider block an Azure app stack gets. Credentials are never written here: Terraform's
// azurerm provider reads ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID/ARM_SUBSCRIPTION_ID from the
// environment. For the sandbox, `metadata_host` names its endpoint discovery
// (/metadata/endpoints), which is how azurerm finds a cloud other than the public ones.

import type { TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider/index.js";

export const AZURERM_PROVIDER_SOURCE = "hashicorp/azurerm";

export interface AzureProviderOptions {
  target?: { kind: string; endpoint?: string };
  /** hashicorp/azurerm constraint; default: the version the bindings were generated from. */
  version?: string;
}

export function addAzurermProvider(stack: TerraformStack, options: AzureProviderOptions = {}): AzurermProvider {
  const sandbox = options.target?.kind === "sandbox" && options.target.endpoint !== undefined;
  const provider = new AzurermProvider(stack, "azurerm", {
    features: [{}],
    ...(sandbox ? { metadataHost: new URL(options.target!.endpoint!).host, resourceProviderRegistrations: "none" } : {}),
  });
  stack.addOverride("terraform.required_providers.azurerm.source", AZURERM_PROVIDER_SOURCE);
  if (options.version !== undefined) stack.addOverride("terraform.required_providers.azurerm.version", options.version);
  return provider;
}
