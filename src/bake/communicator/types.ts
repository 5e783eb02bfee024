// The communicator: how the bake engine reaches a builder machine. One SSH connection, opened with
// retries until a deadline, that runs commands and moves files with the SCP protocol.

export interface BastionOptions {
  host: string;
  port?: number;
  username: string;
  privateKey?: string | Buffer;
  /** Path of an ssh-agent socket (SSH_AUTH_SOCK) to authenticate to the bastion with. */
  agent?: string;
  /** "SHA256:…" fingerprints the bastion's host key must match; unchecked when absent. */
  expectedHostKeys?: string[];
}

export interface ConnectOptions {
  host: string;
  port?: number;
  username: string;
  /** Kept in memory only; never written to disk. */
  privateKey?: string | Buffer;
  /** Path of an ssh-agent socket; used when no private key is given or alongside it. */
  agent?: string;
  /** How long to keep retrying (Packer's ssh_timeout). */
  timeoutMs: number;
  signal: AbortSignal;
  /**
   * "SHA256:…" fingerprints the host key must match (the ones the instance printed in its console).
   * When given, any other key is refused and not retried. Packer skips this check; we do not.
   */
  expectedHostKeys?: string[];
  /** Interval of SSH keepalive messages; 0 turns them off. Default 5s. */
  keepaliveIntervalMs?: number;
  bastion?: BastionOptions;
}

export interface ExecOptions {
  /** Exported before the command runs (through the remote shell, as sshd usually refuses env requests). */
  env?: Record<string, string>;
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  /** The signal that ended the remote command, when one did (e.g. "SIGKILL"). */
  signal?: string;
}

export interface Communicator {
  readonly host: string;
  readonly port: number;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Uploads a local file (path) or in-memory content (Buffer) to exactly `remotePath`. */
  upload(source: string | Buffer, remotePath: string, options?: { mode?: number }): Promise<void>;
  /**
   * Uploads a local directory with Packer's rule: "dir/" (trailing slash) copies the contents into
   * `remoteDir`; "dir" creates `remoteDir/dir`. `remoteDir` must exist.
   */
  uploadDirectory(localDir: string, remoteDir: string): Promise<void>;
  /** Downloads one remote file to exactly `localPath`. */
  download(remotePath: string, localPath: string): Promise<void>;
  /** Downloads the contents of a remote directory into `localDir` (created when missing). */
  downloadDirectory(remoteDir: string, localDir: string): Promise<void>;
  close(): void;
  /** Resolves when the connection ends, for whatever reason. */
  readonly closed: Promise<void>;
}
