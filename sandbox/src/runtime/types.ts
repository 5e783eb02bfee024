// The contract between the sandbox's cloud model (model/, api/) and its instance runtime:
// the model decides *what* runs, the runtime makes it run as a confined local process.

/** An image's filesystem is a stack of layers, top first; the bottom one is the sandbox's base layer. */
export interface LaunchSpec {
  instanceId: string;
  /** The instance's own loopback address, e.g. 127.100.0.7. */
  ip: string;
  hostname: string;
  /** Layer directories, top first (the image's own layer, then its parents). */
  layers: string[];
  /** OpenSSH public key lines accepted for the login users (ec2-user, ubuntu, admin, root). */
  authorizedKeys: string[];
  /**
   * An admin account created at boot (Azure's osProfile.adminUsername, made by its provisioning agent):
   * an /etc/passwd entry, authorizedKeys in its ~/.ssh/authorized_keys, passwordless sudo.
   */
  adminUser?: string;
  /** Decoded user data; run at boot when it starts with "#!". */
  userData?: string;
  /** Preferred SSH port; the runtime reports the port it really bound. */
  sshPort: number;
  /** Fault injection: SSH refuses connections (nothing listens) for this long after boot. */
  sshRefuseMs?: number;
}

export interface InstanceExit {
  /** "stopped" when asked to stop; "crashed" when its init died on its own. */
  reason: "stopped" | "crashed";
  detail?: string;
}

export interface RunningInstance {
  readonly instanceId: string;
  readonly ip: string;
  readonly sshPort: number;
  /** e.g. "256 SHA256:... root@ip-127-100-0-7 (ED25519)", as printed in the console output. */
  readonly hostKeyFingerprints: string[];
  /** Boot lines, user-data output and the SSH host-key fingerprint block. */
  consoleOutput(): string;
  /** Ends every process of the instance; the filesystem is kept (a stopped instance can start again). */
  stop(): Promise<void>;
  onExit(listener: (exit: InstanceExit) => void): void;
}

export interface InstanceRuntime {
  /** Prepares (once) and returns the base layer directory for a base image of that name. */
  baseLayer(name: string): Promise<string>;
  /** Starts the instance; resolves once its SSH endpoint accepts connections. */
  boot(spec: LaunchSpec): Promise<RunningInstance>;
  /** Copies the instance's writable layer into a new image layer directory (instance stopped or running). */
  snapshot(instanceId: string, layerDir: string): Promise<void>;
  /** Removes the instance's writable layer (after terminate). */
  destroy(instanceId: string): Promise<void>;
  /** Stops every running instance (sandbox shutdown). */
  shutdown(): Promise<void>;
}
