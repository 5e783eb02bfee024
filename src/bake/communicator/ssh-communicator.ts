// A Communicator over one ready ssh2 connection (plus the bastion connection it runs through, if any).

import type { Client, ClientChannel } from "ssh2";
import { RollError } from "../../engine/errors.js";
import { renderEnvVars } from "../shell-quote.js";
import { disconnectedError } from "./errors.js";
import { lineSplitter } from "./lines.js";
import { scpDownload, scpDownloadDirectory, scpUpload, scpUploadDirectory } from "./scp.js";
import type { Communicator, ExecOptions, ExecResult } from "./types.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function cancelled(reason: unknown): RollError {
  return new RollError("cancelled", "cancelled by the user", { fault: "user", cause: reason });
}

export class SshCommunicator implements Communicator {
  readonly closed: Promise<void>;
  private isClosed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly client: Client,
    private readonly bastion: Client | undefined,
    private readonly signal: AbortSignal,
  ) {
    this.closed = new Promise((resolve) => {
      client.once("close", () => {
        this.isClosed = true;
        bastion?.end();
        resolve();
      });
    });
    const onAbort = () => this.close();
    if (signal.aborted) this.close();
    else signal.addEventListener("abort", onAbort, { once: true });
    void this.closed.then(() => signal.removeEventListener("abort", onAbort));
  }

  close(): void {
    this.client.end();
    this.bastion?.end();
  }

  private openChannel = (command: string): Promise<ClientChannel> =>
    new Promise((resolve, reject) => {
      if (this.signal.aborted) return reject(cancelled(this.signal.reason));
      if (this.isClosed) return reject(disconnectedError("cannot run a command: the connection is closed"));
      try {
        this.client.exec(command, (error, channel) => {
          if (error) reject(disconnectedError(`could not start a command: ${error.message}`, error));
          else resolve(channel);
        });
      } catch (error) {
        reject(disconnectedError(`could not start a command: ${(error as Error).message}`, error));
      }
    });

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const env = Object.entries(options.env ?? {});
    for (const [name] of env) {
      if (!ENV_NAME.test(name)) throw new RollError("invalid-env", `invalid environment variable name ${JSON.stringify(name)}`, { fault: "user" });
    }
    const full = env.length > 0 ? `export ${renderEnvVars(env)}; ${command}` : command;
    const channel = await this.openChannel(full);
    const stdout = lineSplitter((line) => options.onStdout?.(line));
    const stderr = lineSplitter((line) => options.onStderr?.(line));
    channel.on("data", (chunk: Buffer) => stdout.push(chunk));
    channel.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));

    return new Promise<ExecResult>((resolve, reject) => {
      let exit: ExecResult | undefined;
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener("abort", onAbort);
        this.signal.removeEventListener("abort", onAbort);
        action();
      };
      const onAbort = () => {
        // Ask the remote side to stop the command too; closing the channel alone may leave it running.
        try {
          channel.signal("TERM");
        } catch {
          // the channel may already be gone
        }
        channel.close();
        settle(() => reject(cancelled(options.signal?.reason ?? this.signal.reason)));
      };
      if (options.signal?.aborted || this.signal.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.signal.addEventListener("abort", onAbort, { once: true });

      channel.on("exit", (code: number | null, signalName?: string) => {
        exit = code !== null && code !== undefined ? { exitCode: code } : { exitCode: -1, signal: signalName ?? "unknown" };
      });
      channel.on("close", () => {
        stdout.end();
        stderr.end();
        if (exit) settle(() => resolve(exit!));
        else settle(() => reject(disconnectedError("the command ended without an exit status")));
      });
      void this.closed.then(() => {
        if (!exit) settle(() => reject(disconnectedError("while a command was running")));
      });
    });
  }

  upload(source: string | Buffer, remotePath: string, options: { mode?: number } = {}): Promise<void> {
    return scpUpload(this.openChannel, source, remotePath, options.mode);
  }

  uploadDirectory(localDir: string, remoteDir: string): Promise<void> {
    return scpUploadDirectory(this.openChannel, localDir, remoteDir);
  }

  download(remotePath: string, localPath: string): Promise<void> {
    return scpDownload(this.openChannel, remotePath, localPath);
  }

  downloadDirectory(remoteDir: string, localDir: string): Promise<void> {
    return scpDownloadDirectory(this.openChannel, remoteDir, localDir);
  }
}
