// One SSH session channel: collects env and pty requests, then runs exec / shell / sftp inside the
// instance, streaming stdio and reporting the exit status or signal the way OpenSSH's sshd does.

import type { ChildProcess } from "node:child_process";
import type { ServerChannel, Session } from "ssh2";
import { isValidEnvName } from "./confine.js";
import { ROOT_REFUSAL_STATUS } from "./login-accounts.js";

export interface SessionHost {
  /** Fixed variables of this login (HOME, USER, PATH, INSTANCE_ID, …). */
  baseEnv: Record<string, string>;
  /** Starts `argv` inside the instance with exactly `env`, in its own process group. */
  spawnInside(env: Record<string, string>, argv: string[]): ChildProcess;
  /** root with the launch key: every session prints this and exits 142, like cloud-init's forced command. */
  refusal?: string;
}

const SFTP_SERVER = "/usr/lib/openssh/sftp-server";
/** After a client goes away, its session's processes get SIGHUP (as with a closed terminal), then this long. */
const HANGUP_GRACE_MS = 2_000;

interface Pty {
  term: string;
  cols: number;
  rows: number;
}

export function serveSession(session: Session, host: SessionHost): void {
  const clientEnv: Record<string, string> = {};
  let pty: Pty | undefined;
  let running: ChildProcess | undefined;

  session.on("env", (accept, reject, info) => {
    if (!isValidEnvName(info.key) || info.val.includes("\0")) return reject?.();
    clientEnv[info.key] = info.val;
    accept?.();
  });
  session.on("pty", (accept, _reject, info) => {
    pty = { term: info.term || "xterm", cols: info.cols || 80, rows: info.rows || 24 };
    accept?.();
  });
  // A pty made by `script` cannot be resized from here; accepting keeps clients happy.
  session.on("window-change", (accept) => accept?.());
  session.on("signal", (accept, reject, info) => {
    const name = info.name.replace(/^SIG/, "");
    if (!running?.pid || !/^[A-Z0-9]+$/.test(name)) return reject?.();
    signalGroup(running, `SIG${name}` as NodeJS.Signals);
    accept?.();
  });
  if (host.refusal) {
    const refuse = (channel: ServerChannel) => {
      channel.write(host.refusal);
      channel.exit(ROOT_REFUSAL_STATUS);
      channel.end();
    };
    session.on("exec", (accept) => refuse(accept()));
    session.on("shell", (accept) => refuse(accept()));
    session.on("subsystem", (accept) => refuse(accept()));
    return;
  }
  session.on("exec", (accept, _reject, info) => {
    const argv = pty ? inPty(pty, info.command) : ["/bin/sh", "-c", info.command];
    running = run(accept(), argv);
  });
  session.on("shell", (accept) => {
    const argv = pty ? inPty(pty, 'exec "${SHELL:-/bin/sh}" -l') : ["/bin/sh", "-c", 'exec "${SHELL:-/bin/sh}" -l'];
    running = run(accept(), argv);
  });
  session.on("subsystem", (accept, reject, info) => {
    if (info.name !== "sftp") return reject?.();
    running = run(accept(), [SFTP_SERVER]);
  });

  function env(): Record<string, string> {
    return { ...host.baseEnv, ...(pty ? { TERM: pty.term } : {}), ...clientEnv };
  }

  function run(channel: ServerChannel, argv: string[]): ChildProcess {
    const child = host.spawnInside(env(), argv);
    child.stdout?.pipe(channel, { end: false });
    child.stderr?.pipe(channel.stderr, { end: false });
    if (child.stdin) {
      child.stdin.on("error", () => {});
      channel.pipe(child.stdin);
    }
    let exited = false;
    child.on("error", (err) => {
      channel.stderr.write(`roll-sandbox: cannot start session: ${err.message}\n`);
    });
    child.on("close", (code, signal) => {
      exited = true;
      if (signal) channel.exit(signal.replace(/^SIG/, ""), false, "");
      else channel.exit(code ?? 255);
      channel.end();
    });
    channel.on("error", () => {});
    channel.on("close", () => {
      if (exited) return;
      // The client is gone: hang up like a closed terminal; anything still holding our pipes after the
      // grace period is cut loose (its own children may live on under `nohup`, as on a real server).
      signalGroup(child, "SIGHUP");
      setTimeout(() => {
        if (exited) return;
        child.kill("SIGKILL");
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, HANGUP_GRACE_MS).unref();
    });
    return child;
  }
}

function inPty(pty: Pty, command: string): string[] {
  const size = `stty rows ${pty.rows} cols ${pty.cols} 2>/dev/null`;
  return ["/usr/bin/script", "-qfec", `${size}; ${command}`, "/dev/null"];
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
