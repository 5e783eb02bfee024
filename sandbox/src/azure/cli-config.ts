// The Azure CLI configuration folder the sandbox prepares (AZURE_CONFIG_DIR, exported by
// `roll sandbox env`): the sandbox registered as the active cloud and its service principal logged in,
// written in the files `az cloud register` / `az cloud set` / `az login --service-principal` write
// (azure-cli 2.4x: config, clouds.config, azureProfile.json, service_principal_entries.json). The
// secret file is 0600, as az keeps it. Telemetry and surveys are off: the sandbox has no internet.

import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARM_AUDIENCES, type AzureIdentity } from "./identity.js";
import { SANDBOX_CLOUD_NAME } from "./metadata.js";

export function cliConfigDir(dataDir: string): string {
  return join(dataDir, "azure", "cli");
}

function installationId(dir: string): string {
  try {
    const profile = JSON.parse(readFileSync(join(dir, "azureProfile.json"), "utf8").replace(/^\uFEFF/, "")) as { installationId?: string };
    if (profile.installationId) return profile.installationId;
  } catch {
    // First start: a new installation id.
  }
  return randomUUID();
}

export function prepareCliConfig(dataDir: string, endpoint: string, identity: AzureIdentity): string {
  const dir = cliConfigDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = join(dir, "config");
  if (!existsSync(config)) {
    writeFileSync(config, `[cloud]\nname = ${SANDBOX_CLOUD_NAME}\n\n[core]\ncollect_telemetry = no\nsurvey_message = no\nfirst_run = yes\n`, { mode: 0o600 });
  }
  writeFileSync(
    join(dir, "clouds.config"),
    [
      `[${SANDBOX_CLOUD_NAME}]`,
      `endpoint_resource_manager = ${endpoint}/`,
      `endpoint_management = ${ARM_AUDIENCES[0]}`,
      `endpoint_gallery = ${endpoint}/`,
      `endpoint_active_directory = ${endpoint}/adfs`,
      `endpoint_active_directory_resource_id = ${ARM_AUDIENCES[0]}`,
      `endpoint_active_directory_graph_resource_id = ${endpoint}/`,
      "profile = latest",
      "",
    ].join("\n"),
  );
  const profile = {
    installationId: installationId(dir),
    subscriptions: [
      {
        id: identity.subscriptionId,
        name: identity.subscriptionName,
        state: "Enabled",
        user: { name: identity.clientId, type: "servicePrincipal" },
        isDefault: true,
        tenantId: identity.tenantId,
        environmentName: SANDBOX_CLOUD_NAME,
        homeTenantId: identity.tenantId,
        managedByTenants: [],
      },
    ],
  };
  writeFileSync(join(dir, "azureProfile.json"), JSON.stringify(profile));
  const secrets = join(dir, "service_principal_entries.json");
  writeFileSync(secrets, JSON.stringify([{ tenant: identity.tenantId, client_id: identity.clientId, client_secret: identity.clientSecret }]), { mode: 0o600 });
  chmodSync(secrets, 0o600);
  return dir;
}
