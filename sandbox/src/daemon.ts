// The sandbox as a background process:
//   node --import tsx sandbox/src/daemon.ts --data-dir D [--port P] [--host H] [--ip-prefix 127.100] [--region R]
//     [--faults '<FaultSettings JSON>'] [--azure-port P]
// Writes <dataDir>/sandbox.json {endpoint, pid, region, startedAt} once listening and removes it after
// a clean shutdown on SIGTERM/SIGINT.

import { rmSync, writeFileSync, renameSync } from "node:fs";
import { parseArgs } from "node:util";
import { faultsFromJson } from "./faults/parse.js";
import { infoFilePath, type SandboxInfoFile } from "./info-file.js";
import { processStartTime } from "./runtime/leftovers.js";
import { startSandbox } from "./server.js";

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "ip-prefix": { type: "string" },
      region: { type: "string" },
      faults: { type: "string" },
      "azure-port": { type: "string" },
    },
    strict: true,
  });
  const dataDir = values["data-dir"];
  if (!dataDir) throw new Error("--data-dir is required");
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port must be a port number, got ${values.port}`);
  const azurePort = values["azure-port"] === undefined ? undefined : Number(values["azure-port"]);
  if (azurePort !== undefined && (!Number.isInteger(azurePort) || azurePort < 0 || azurePort > 65535)) throw new Error(`--azure-port must be a port number, got ${values["azure-port"]}`);
  const faults = values.faults === undefined ? undefined : faultsFromJson(JSON.parse(values.faults));
  const sandbox = await startSandbox({ dataDir, port, host: values.host, ipPrefix: values["ip-prefix"], region: values.region, log, faults, azurePort });
  const infoPath = infoFilePath(dataDir);
  const temp = `${infoPath}.${process.pid}.tmp`;
  const info: SandboxInfoFile = {
    endpoint: sandbox.endpoint,
    pid: process.pid,
    startTime: processStartTime(process.pid),
    region: sandbox.region,
    startedAt: new Date().toISOString(),
    azure: sandbox.azure,
  };
  writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  renameSync(temp, infoPath);
  log(`sandbox listening at ${sandbox.endpoint} (region ${sandbox.region}, data ${dataDir}); Azure at ${sandbox.azure.endpoint}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    sandbox
      .close()
      .catch((error: unknown) => log(`shutdown failed: ${String(error)}`))
      .finally(() => {
        rmSync(infoPath, { force: true });
        process.exit(0);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  log(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
