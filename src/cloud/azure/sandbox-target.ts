// The sandbox's Azure face as a target: its endpoint, CA and ids from the sandbox's info, and the
// service principal's secret as `roll sandbox env` exports it (the sandbox's public way of handing it
// out; roll never reads the sandbox's files).

import { sandboxEnv, type SandboxInfo } from "@roll/sandbox";
import { RollError } from "../../engine/errors.js";
import { sandboxAzureTarget, type AzureTarget } from "./target.js";

export function azureTargetOfSandbox(info: Pick<SandboxInfo, "endpoint" | "region" | "dataDir" | "azure">): AzureTarget {
  if (!info.azure) throw new RollError("no-azure-face", "the running sandbox has no Azure face (restart it: roll sandbox down && roll sandbox up)", { fault: "external" });
  const line = sandboxEnv(info).split("\n").find((text) => text.startsWith("export AZURE_CLIENT_SECRET="));
  const raw = line?.slice("export AZURE_CLIENT_SECRET=".length);
  if (!raw) throw new RollError("no-azure-face", "the sandbox exports no Azure client secret", { fault: "external" });
  const secret = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  return sandboxAzureTarget(info.azure, secret);
}
