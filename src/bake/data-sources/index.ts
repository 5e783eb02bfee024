// Looks up the data sources a template declares, through the same SDK clients (and target: sandbox or
// AWS) as the bake. The SDK packages are imported on first use, so loading a template stays light.

import type { CloudClients } from "../../cloud/target.js";
import { userError } from "../../engine/errors.js";
import type { BlockConfig, LoadOptions } from "../../template/types.js";
import { amazonAmi } from "./amazon-ami.js";
import { amazonParameterStore } from "./amazon-parameterstore.js";
import { amazonSecretsManager } from "./amazon-secretsmanager.js";
import { httpData } from "./http.js";
import type { DataSourceLookup } from "./types.js";

const LOOKUPS: Record<string, DataSourceLookup> = {
  "amazon-ami": amazonAmi,
  "amazon-parameterstore": amazonParameterStore,
  "amazon-secretsmanager": amazonSecretsManager,
  http: httpData,
};

export function dataSourceResolver(clients: CloudClients, signal?: AbortSignal): NonNullable<LoadOptions["resolveData"]> {
  return async (config: BlockConfig) => {
    const lookup = LOOKUPS[config.type];
    if (!lookup) throw userError("data-source-unsupported", `roll cannot look up data source "${config.type}" yet`, config.position);
    const region = typeof config.fields.region === "string" && config.fields.region ? config.fields.region : clients.target.region;
    return lookup(config, { clients, region, signal });
  };
}
