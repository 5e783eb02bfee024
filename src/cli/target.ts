// Which cloud a command talks to: the embedded sandbox (default; started on demand) or real AWS, and
// where roll keeps its state for it: .roll/<target>/ (ROLL_STATE_DIR moves it), or a shared S3
// location (ROLL_STATE=s3://bucket/prefix) for teams and CI runners.

import { join } from "node:path";
import type { CloudClients } from "../cloud/target.js";
import { isS3Path, registerS3State, statePath } from "../releases/backend/index.js";
import { assertSafeName } from "../releases/names.js";
import { RollError, userError } from "../engine/errors.js";
import { allowTypeScriptImports } from "../engine/typescript-imports.js";

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

/** Starts (or finds) the sandbox; a daemon that cannot start is the sandbox failing (exit 4), not a bug. */
type SandboxModule = typeof import("@roll/sandbox");

export async function startSandboxDaemon(options: Parameters<SandboxModule["sandboxUp"]>[0]): ReturnType<SandboxModule["sandboxUp"]> {
  const { sandboxUp } = await loadSandbox();
  try {
    return await sandboxUp(options);
  } catch (error) {
    throw new RollError("sandbox-failed", error instanceof Error ? error.message : String(error), { fault: "external", cause: error });
  }
}

export async function resolveTarget(projectRoot: string, option: string | undefined): Promise<ResolvedTarget> {
  const name = targetName(option);
  // The SDK clients load only for commands that talk to a cloud.
  const { cloudClients } = await import("../cloud/target.js");
  if (name === "aws") {
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw userError("no-region", "target aws needs a region: set AWS_REGION");
    // A subscription in the environment (AZURE_CLIENT_ID…) gives the target an Azure side too.
    const clients = cloudClients({ kind: "aws", region });
    return { clients, stateRoot: await prepareState(stateRootFor(projectRoot, `aws-${region}`), clients, false) };
  }
  const sandbox = await startSandboxDaemon(await sandboxOptionsFromEnv());
  const clients = cloudClients({ kind: "sandbox", region: sandbox.region, endpoint: sandbox.endpoint });
  return { clients, stateRoot: await prepareState(stateRootFor(projectRoot, "sandbox"), clients, true) };
}

/** The state location for a target (not yet usable for S3 until prepared with the target's clients). */
export function stateRootFor(projectRoot: string, target: string): string {
  assertSafeName("target", target);
  const shared = process.env.ROLL_STATE;
  if (shared !== undefined && shared !== "") {
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(shared)) {
      throw userError("bad-state", `ROLL_STATE must look like s3://bucket/prefix, got "${shared}"`);
    }
    return statePath(shared, target);
  }
  return process.env.ROLL_STATE_DIR ? join(process.env.ROLL_STATE_DIR, target) : join(projectRoot, ".roll", target);
}

/** S3 state goes through the target's own S3 client; the sandbox's bucket is made on first use. */
async function prepareState(stateRoot: string, clients: CloudClients, createBucket: boolean): Promise<string> {
  if (!isS3Path(stateRoot)) return stateRoot;
  const bucket = stateRoot.slice("s3://".length).split("/")[0];
  await registerS3State(bucket, clients.s3());
  if (createBucket) {
    const { CreateBucketCommand, HeadBucketCommand } = await import("@aws-sdk/client-s3");
    const exists = await clients.s3().send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false);
    if (!exists) await clients.s3().send(new CreateBucketCommand({ Bucket: bucket }));
  }
  return stateRoot;
}

/** The state root for commands that only read or change state: S3 state still needs the target's client. */
export async function resolveStateRoot(projectRoot: string, option: string | undefined): Promise<string> {
  const name = targetName(option);
  const root = stateRootFor(projectRoot, name === "aws" ? `aws-${process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ""}` : "sandbox");
  return isS3Path(root) ? (await resolveTarget(projectRoot, option)).stateRoot : root;
}

/**
 * Where the sandbox lives and listens. ROLL_SANDBOX_DIR, ROLL_SANDBOX_PORT and ROLL_SANDBOX_IP_PREFIX
 * let tests and CI run a sandbox of their own beside a user's.
 */
export async function sandboxOptionsFromEnv(): Promise<{ dataDir: string; port?: number; ipPrefix?: string }> {
  const port = process.env.ROLL_SANDBOX_PORT;
  if (port !== undefined && !/^\d+$/.test(port)) throw userError("bad-sandbox-port", `ROLL_SANDBOX_PORT must be a port number, got "${port}"`);
  return {
    dataDir: (await loadSandbox()).defaultSandboxDir(),
    port: port === undefined ? undefined : Number(port),
    ipPrefix: process.env.ROLL_SANDBOX_IP_PREFIX || undefined,
  };
}

/** The sandbox package (TypeScript, loaded only by the commands that talk to the sandbox). */
export async function loadSandbox(): Promise<typeof import("@roll/sandbox")> {
  await allowTypeScriptImports();
  return import("@roll/sandbox");
}
