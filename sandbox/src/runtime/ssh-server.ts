// An instance's SSH endpoint, served in the sandbox process (one listening socket per instance keeps
// the per-instance cost low): public-key logins as on a cloud image (login-accounts.ts), sessions run inside.

import type { ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import type { Connection, ParsedKey } from "ssh2";
import { INSTANCE_PATH } from "./confine.js";
import { findAccount, type AccountSource, type LoginAccount } from "./login-accounts.js";
import { serveSession } from "./ssh-session.js";
import { patchedSsh2Server } from "./ssh2-patched.js";

// ssh2's Server with sandbox/patches applied: PK_OK names the algorithm the client asked with and
// server-sig-algs lists rsa-sha2-512 (see the patch file for the RFCs).
const Server = patchedSsh2Server();

export interface SshEndpointOptions {
  ip: string;
  preferredPort: number;
  hostPrivateKey: string;
  /** The launch key pair's keys, accepted for the image's default users (see login-accounts.ts). */
  authorizedKeys: ParsedKey[];
  instanceEnv: Record<string, string>;
  spawnInside(env: Record<string, string>, argv: string[]): ChildProcess;
  log(line: string): void;
  /** Fault injection: nothing listens (connections are refused) for this long; then the preferred port is bound. */
  refuseForMs?: number;
}

export interface SshEndpoint {
  port: number;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

export async function startSshEndpoint(options: SshEndpointOptions): Promise<SshEndpoint> {
  const connections = new Set<Connection>();
  const accounts: AccountSource = { launchKeys: options.authorizedKeys, spawnInside: options.spawnInside, log: options.log };
  const server = new Server({ hostKeys: [options.hostPrivateKey], ident: "OpenSSH_9.2p1 roll-sandbox" }, (client, info) => {
    connections.add(client);
    let login: LoginAccount | undefined;
    client.on("error", () => {});
    client.on("close", () => connections.delete(client));
    client.on("authentication", (ctx) => {
      // `none`, password, keyboard-interactive, hostbased: refused, naming the one method that can work.
      if (ctx.method !== "publickey") return ctx.reject(["publickey"]);
      findAccount(accounts, ctx.username, ctx.key.data).then(
        (account) => {
          if (!account) return ctx.reject(["publickey"]);
          // Without a signature the client only asks whether this key would do; the real attempt is signed.
          if (!ctx.signature) return ctx.accept();
          if (account.key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(["publickey"]);
          login = account;
          ctx.accept();
        },
        () => ctx.reject(["publickey"]),
      );
    });
    client.on("ready", () => {
      const { user, home, refusal } = login!;
      const baseEnv = {
        HOME: home,
        USER: user,
        LOGNAME: user,
        SHELL: "/bin/bash",
        PATH: INSTANCE_PATH,
        LANG: "C.UTF-8",
        MAIL: `/var/mail/${user}`,
        SSH_CLIENT: `${info.ip} ${info.port} ${port}`,
        SSH_CONNECTION: `${info.ip} ${info.port} ${options.ip} ${port}`,
        ...options.instanceEnv,
      };
      client.on("session", (accept) => serveSession(accept(), { baseEnv, spawnInside: options.spawnInside, refusal }));
    });
  });

  let port: number;
  let deferred: NodeJS.Timeout | undefined;
  if (options.refuseForMs && options.refuseForMs > 0) {
    // Like an instance whose sshd has not started yet: the address answers, port 22 refuses.
    port = options.preferredPort;
    deferred = setTimeout(() => {
      deferred = undefined;
      listen(server, port, options.ip).catch((err: Error) => options.log(`ssh: ${options.ip}:${port} could not be bound after the refusal window: ${err.message}`));
    }, options.refuseForMs);
    deferred.unref();
  } else {
    try {
      port = await listen(server, options.preferredPort, options.ip);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EADDRINUSE" && code !== "EACCES") throw err;
      options.log(`ssh: ${options.ip}:${options.preferredPort} unavailable (${code}); using an ephemeral port`);
      port = await listen(server, 0, options.ip);
    }
  }

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (deferred) {
          clearTimeout(deferred);
          resolve();
          return;
        }
        for (const client of connections) client.end();
        server.close(() => resolve());
        // Connections that do not finish their goodbye are cut.
        setTimeout(() => {
          for (const client of connections) (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
        }, 500).unref();
      }),
  };
}

function listen(server: InstanceType<typeof Server>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.removeListener("listening", onListening);
      reject(err);
    };
    const onListening = () => {
      server.removeListener("error", onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}
