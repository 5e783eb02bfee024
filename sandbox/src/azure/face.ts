// Starts the Azure face: an HTTPS server (certificate from the sandbox's own CA) over the same cloud
// model as the AWS face, and its reconcile tick (VMs follow their instances, operations settle,
// deleting groups go, scale sets roll).

import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Cloud } from "../model/cloud.js";
import { AzureFace } from "./context.js";
import { reconcileGroups } from "./groups.js";
import { createAzureHandler } from "./handler.js";
import { loadIdentity, type AzureIdentity } from "./identity.js";
import { settleOperations } from "./operations.js";
import { allTypes } from "./resource-types.js";
import { ensureTls } from "./tls.js";
import { prepareCliConfig } from "./cli-config.js";
import "./types.js";

export interface AzureFaceOptions {
  cloud: Cloud;
  dataDir: string;
  host: string;
  /** 0 = any free port. */
  port: number;
}

export interface RunningAzureFace {
  /** https://127.0.0.1:PORT: ARM, the login authority and /metadata/endpoints. */
  endpoint: string;
  caFile: string;
  /** AZURE_CONFIG_DIR with the sandbox registered as the active cloud and its service principal logged in. */
  cliConfigDir: string;
  identity: AzureIdentity;
  face: AzureFace;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export function reconcileAzure(face: AzureFace): void {
  for (const type of allTypes()) {
    if (!type.reconcile) continue;
    for (const record of Object.values(face.state.resources)) {
      if (record.type === type.type) type.reconcile(face, record);
    }
  }
  reconcileGroups(face);
  settleOperations(face);
}

export async function startAzureFace(options: AzureFaceOptions): Promise<RunningAzureFace> {
  const tls = ensureTls(options.dataDir, options.host);
  const identity = loadIdentity(options.dataDir);
  const face = new AzureFace(options.cloud, identity);
  const server = createServer({ cert: tls.cert, key: tls.key });
  server.on("request", createAzureHandler(face));
  const address = await listen(server, options.port, options.host);
  face.endpoint = `https://${options.host.includes(":") ? `[${options.host}]` : options.host}:${address.port}`;
  const cliConfigDir = prepareCliConfig(options.dataDir, face.endpoint, identity);
  const timer = setInterval(() => {
    try {
      reconcileAzure(face);
    } catch (error) {
      options.cloud.log(`azure reconcile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }, options.cloud.timing.tickMs);
  timer.unref();
  return {
    endpoint: face.endpoint,
    caFile: tls.caFile,
    cliConfigDir,
    identity,
    face,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
