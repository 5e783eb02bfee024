// GET /metadata/endpoints: the cloud's endpoints, which `az cloud register --endpoint-resource-manager`
// and the SDKs read. api-version 2015-01-01 answers one object; 2019-05-01 and later answer a list of
// clouds with resourceManager, authentication and suffixes.

import type { AzureFace } from "./context.js";
import { ARM_AUDIENCES } from "./identity.js";
import type { ArmResponse } from "./wire.js";

export const SANDBOX_CLOUD_NAME = "RollSandbox";

export function metadataEndpoints(face: AzureFace, apiVersion: string | null): ArmResponse {
  const base = `${face.endpoint}/`;
  // `{endpoint}/adfs`: see login.ts (the Azure CLI's MSAL then skips Microsoft's instance discovery).
  const loginEndpoint = `${face.endpoint}/adfs`;
  const authentication = { loginEndpoint, audiences: ARM_AUDIENCES, tenant: "adfs", identityProvider: "ADFS" };
  if (apiVersion === null || apiVersion < "2019-05-01") {
    return {
      status: 200,
      body: { galleryEndpoint: base, graphEndpoint: base, graphAudience: base, portalEndpoint: base, authentication: { loginEndpoint, audiences: ARM_AUDIENCES } },
    };
  }
  const host = new URL(face.endpoint).hostname;
  return {
    status: 200,
    body: [
      {
        name: SANDBOX_CLOUD_NAME,
        portal: face.endpoint,
        authentication,
        media: base,
        graphAudience: base,
        graph: base,
        batch: base,
        resourceManager: base,
        sqlManagement: base,
        gallery: base,
        activeDirectoryDataLake: base,
        microsoftGraphResourceId: base,
        appInsightsResourceId: base,
        appInsightsTelemetryChannelResourceId: base,
        attestationResourceId: base,
        synapseAnalyticsResourceId: base,
        logAnalyticsResourceId: base,
        ossrDbmsResourceId: base,
        suffixes: {
          acrLoginServer: `acr.${host}`,
          sqlServerHostname: `sql.${host}`,
          keyVaultDns: `vault.${host}`,
          storage: `storage.${host}`,
          azureFrontDoorEndpointSuffix: `afd.${host}`,
          storageSyncEndpointSuffix: `sync.${host}`,
          mhsmDns: `hsm.${host}`,
          mysqlServerEndpoint: `mysql.${host}`,
          postgresqlServerEndpoint: `postgres.${host}`,
          mariadbServerEndpoint: `mariadb.${host}`,
          synapseAnalytics: `synapse.${host}`,
          attestationEndpoint: `attest.${host}`,
        },
      },
    ],
  };
}
