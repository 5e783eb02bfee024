// Which cloud a command talks to: the embedded sandbox (default; started on demand) or real AWS.

import { join } from "node:path";
import { cloudClients, type CloudClients } from "../cloud/target.js";
import { userError } from "../engine/errors.js";
import { defaultSandboxDir, sandboxUp } from "../sandbox/control.js";

export interface ResolvedTarget {
  clients: CloudClients;
  stateRoot: string;
}

export type TargetName = "sandbox" | "aws";

export function targetName(option: string | undefined): TargetName {
  const name = option ?? process.env.ROLL_TARGET ?? "sandbox";
  if (name !== "sandbox" && name !== "aws") throw userError("bad-target", `unknown target "${name}" (use sandbox or aws)`);
  return name;
}

export async function resolveTarget(projectRoot: string, option: string | undefined): Promise<ResolvedTarget> {
  const name = targetName(option);
  if (name === "aws") {
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw userError("no-region", "target aws needs a region: set AWS_REGION");
    return { clients: cloudClients({ kind: "aws", region }), stateRoot: stateRootFor(projectRoot, `aws-${region}`) };
  }
  const sandbox = await sandboxUp(sandboxOptionsFromEnv());
  return {
    clients: cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: sandbox.endpoint }),
    stateRoot: stateRootFor(projectRoot, "sandbox"),
  };
}

/** The local state backend's folder; ROLL_STATE_DIR moves it (tests, CI runners with a shared disk). */
export function stateRootFor(projectRoot: string, target: string): string {
  return process.env.ROLL_STATE_DIR ? join(process.env.ROLL_STATE_DIR, target) : join(projectRoot, ".roll", target);
}

/**
 * Where the sandbox lives and listens. ROLL_SANDBOX_DIR, ROLL_SANDBOX_PORT and ROLL_SANDBOX_IP_PREFIX
 * let tests and CI run a sandbox of their own beside a user's.
 */
export function sandboxOptionsFromEnv(): { dataDir: string; port?: number; ipPrefix?: string } {
  const port = process.env.ROLL_SANDBOX_PORT;
  if (port !== undefined && !/^\d+$/.test(port)) throw userError("bad-sandbox-port", `ROLL_SANDBOX_PORT must be a port number, got "${port}"`);
  return {
    dataDir: defaultSandboxDir(),
    port: port === undefined ? undefined : Number(port),
    ipPrefix: process.env.ROLL_SANDBOX_IP_PREFIX || undefined,
  };
}
