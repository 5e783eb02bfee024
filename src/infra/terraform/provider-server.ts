// One running AWS provider shared by the terraform commands of a run, instead of each command starting
// the 700 MB provider two to four times (schema, validate, plan, apply walks): the provider's own debug
// mode (`-debug`) serves it on a socket and prints the TF_REATTACH_PROVIDERS value that makes
// terraform/tofu use it. Measured here: a command then costs ~40% less CPU (bench/terraform.ts).
// - `init` never uses it: it must install the provider and write the lock file as for a user.
// - One server serves one command at a time (each command configures it anew); an idle server stops
//   after IDLE_MS, and when roll exits. A watchdog shell next to it ends it within two seconds of
//   roll's death, even a kill -9, so no provider is left working on unwatched.
// - Whatever goes wrong starting it (an old provider without -debug, a slow start) is not an error:
//   the command then runs the provider the usual way.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** How long an unused server lives: longer than a rollout's refresh, so phase c finds it still running. */
const IDLE_MS = 180_000;
/** How long to wait for the provider to say where it listens (it starts in 1-3 s; much more under load). */
const START_MS = 60_000;

export interface ProviderServer {
  /** The TF_REATTACH_PROVIDERS value. */
  reattach: string;
  /** The command is done with it: another may use it, or it stops when idle. */
  release(): void;
}

interface Entry {
  key: string;
  /** The watchdog shell's pid, which leads the process group the provider runs in. */
  group: number;
  reattach: string;
  busy: boolean;
  timer?: NodeJS.Timeout;
  outDir: string;
}

const pool = new Set<Entry>();
let exitHookInstalled = false;

/** The installed provider executable of an initialised working directory, with its registry address. */
export function installedProvider(appDir: string, type = "aws"): { executable: string; address: string } | undefined {
  const root = join(appDir, ".terraform", "providers");
  if (!existsSync(root)) return undefined;
  for (const host of readdirSync(root)) {
    for (const namespace of readdirSync(join(root, host))) {
      const typeDir = join(root, host, namespace, type);
      if (!existsSync(typeDir)) continue;
      for (const version of readdirSync(typeDir).sort().reverse()) {
        for (const platform of readdirSync(join(typeDir, version))) {
          const dir = join(typeDir, version, platform);
          const executable = readdirSync(dir).find((name) => name.startsWith(`terraform-provider-${type}`));
          if (executable) return { executable: realpathSync(join(dir, executable)), address: `${host}/${namespace}/${type}` };
        }
      }
    }
  }
  return undefined;
}

function stop(entry: Entry): void {
  pool.delete(entry);
  if (entry.timer) clearTimeout(entry.timer);
  try {
    process.kill(-entry.group, "SIGTERM");
  } catch {
    // already gone
  }
  rmSync(entry.outDir, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function lease(entry: Entry): ProviderServer {
  entry.busy = true;
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = undefined;
  return {
    reattach: entry.reattach,
    release() {
      entry.busy = false;
      entry.timer = setTimeout(() => stop(entry), IDLE_MS);
      entry.timer.unref();
    },
  };
}

// The provider runs in the background of a shell that polls roll's pid: when roll is gone, so is it.
const WATCHDOG = `"$0" -debug > "$1/out" 2>/dev/null &
p=$!
while kill -0 "$2" 2>/dev/null && kill -0 "$p" 2>/dev/null; do sleep 2; done
kill "$p" 2>/dev/null`;

/**
 * A provider server for the commands run in `appDir` (after init), or undefined when none could be
 * started: then the command runs as usual.
 */
export async function acquireProviderServer(appDir: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<ProviderServer | undefined> {
  // The AWS provider cannot be configured twice in one process with a custom CA bundle ("unable to
  // add custom RootCAs HTTPClient"): such commands start their own provider as usual.
  if (env.AWS_CA_BUNDLE) return undefined;
  const provider = installedProvider(appDir);
  if (!provider) return undefined;
  // The provider reads credentials from its own environment: a server serves one environment only.
  const key = createHash("sha256").update(JSON.stringify([provider, Object.entries(env).sort()])).digest("hex");
  for (const entry of pool) {
    if (entry.key === key && !entry.busy && alive(entry.group)) return lease(entry);
  }
  const outDir = mkdtempSync(join(tmpdir(), "roll-provider-"));
  // The SDK's debug-level logging of every schema would cost CPU for nothing.
  const quiet = { TF_LOG_SDK: "off", TF_LOG_SDK_PROTO: "off", TF_LOG_PROVIDER: "off", TF_LOG: "off" };
  const child = spawn("sh", ["-c", WATCHDOG, provider.executable, outDir, String(process.pid)], {
    detached: true,
    stdio: "ignore",
    env: { ...env, ...quiet },
  });
  child.unref();
  if (child.pid === undefined) {
    rmSync(outDir, { recursive: true, force: true });
    return undefined;
  }
  const entry: Entry = { key, group: child.pid, reattach: "", busy: true, outDir };
  pool.add(entry);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => [...pool].forEach(stop));
  }
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline && !signal?.aborted && child.exitCode === null && alive(child.pid)) {
    const out = existsSync(join(outDir, "out")) ? readFileSync(join(outDir, "out"), "utf8") : "";
    const found = /TF_REATTACH_PROVIDERS='(\{.*\})'/.exec(out)?.[1];
    if (found) {
      entry.reattach = forAddress(found, provider.address);
      if (entry.reattach) return lease(entry);
      break;
    }
    await sleep(100);
  }
  stop(entry);
  return undefined;
}

/** The provider names itself by its registry.terraform.io address; tofu installs it under its own registry. */
function forAddress(printed: string, address: string): string {
  try {
    const parsed = JSON.parse(printed) as Record<string, unknown>;
    const [config] = Object.values(parsed);
    return config ? JSON.stringify({ [address]: config }) : "";
  } catch {
    return "";
  }
}
