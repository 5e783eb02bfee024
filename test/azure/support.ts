// A sandbox for the Azure tests: real server over HTTPS with its own CA, and roll's own Azure clients
// (the real @azure/identity and @azure/arm-* SDKs) pointed at it.

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "@roll/sandbox/server";
import { azureClients } from "../../src/cloud/azure/clients.js";
import { azureTargetOfSandbox } from "../../src/cloud/azure/sandbox-target.js";
import { uniqueIpPrefix } from "../support/ip-prefix.js";

export async function startAzureCloud() {
  const dataDir = await mkdtemp(join(tmpdir(), "roll-azure-sandbox-"));
  const sandbox = await startSandbox({ dataDir, port: 0, ipPrefix: uniqueIpPrefix() });
  const azure = azureClients(azureTargetOfSandbox({ endpoint: sandbox.endpoint, region: sandbox.region, dataDir, azure: sandbox.azure }));
  return { sandbox, dataDir, azure, close: () => sandbox.close() };
}
