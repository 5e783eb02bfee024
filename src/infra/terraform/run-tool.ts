// Runs one terraform/tofu command as a child process, streaming stdout to a callback. Cancellation
// follows Terraform's own contract: one SIGINT asks it to stop gracefully (finish the API calls in
// flight, write state, release the state lock); only if it has not exited after a grace period does
// it get SIGKILL. The child gets its own process group so that a Ctrl-C in roll's terminal is not
// delivered to it a second time (two interrupts make Terraform exit at once, possibly without saving state).

import { spawn } from "node:child_process";
import { RollError } from "../../engine/errors.js";

export interface RunToolOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Each stdout chunk as it arrives (UTF-8, split anywhere). */
  onStdout?: (chunk: string) => void;
  /** Milliseconds between SIGINT and SIGKILL on abort; default 60 s (a provider call may be slow). */
  graceMs?: number;
  /** Called once the child exists, with its pid (= its process group id), e.g. to note it in a journal. */
  onSpawn?: (pid: number) => void;
}

export interface RunToolResult {
  code: number | null;
  exitSignal: NodeJS.Signals | null;
  /** The end of stderr (the last 64 KiB): Terraform's -json mode writes only crashes and usage errors there. */
  stderr: string;
  /** True when the run was stopped because the AbortSignal fired. */
  aborted: boolean;
}

const STDERR_LIMIT = 64 * 1024;

export function cancelledError(what: string, cause?: unknown): RollError {
  return new RollError("cancelled", `cancelled by the user (${what})`, { fault: "user", cause });
}

export function runTool(binary: string, args: string[], options: RunToolOptions): Promise<RunToolResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelledError(`before ${args[0]}`, signal.reason));
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stderr = "";
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;

    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      try {
        options.onStdout?.(chunk);
      } catch (error) {
        // A reader that cannot go on (e.g. an unsupported UI version) stops the command.
        stop();
        fail(error);
      }
    });
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });

    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };

    function stop(): void {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT");
      killTimer = setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? 60_000);
      killTimer.unref();
    }
    const onAbort = () => {
      aborted = true;
      stop();
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      if (error.code === "ENOENT") {
        fail(
          new RollError("terraform-missing", `cannot run ${binary}: not found`, {
            fault: "user",
            cause: error,
            hint: "install Terraform or OpenTofu (or set ROLL_TERRAFORM to its path), or use --infra direct",
          }),
        );
      } else {
        fail(new RollError("terraform-failed", `cannot run ${binary} ${args[0]}: ${error.message}`, { fault: "external", cause: error }));
      }
    });
    child.on("close", (code, exitSignal) => {
      signal?.removeEventListener("abort", onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (settled) return;
      settled = true;
      resolve({ code, exitSignal, stderr, aborted });
    });
  });
}
