// Command lines that start an instance's confined init and enter a running instance.

import { readFileSync } from "node:fs";
import { dropList } from "./capabilities.js";
import { INIT_SCRIPT, SETUP_SCRIPT } from "./confine-scripts.js";

const HOST_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
export const INSTANCE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface Command {
  file: string;
  args: string[];
  env: Record<string, string>;
}

let dropCache: string | undefined;
function drop(): string {
  if (dropCache === undefined) {
    const lastCap = Number(readFileSync("/proc/sys/kernel/cap_last_cap", "utf8").trim());
    dropCache = dropList(Number.isFinite(lastCap) ? lastCap : 40);
  }
  return dropCache;
}

export interface BootInputs {
  instanceId: string;
  ip: string;
  hostname: string;
  rootfs: string;
  rootLowers: string[];
  usrLowers: string[];
  upperRoot: string;
  upperUsr: string;
  workRoot: string;
  workUsr: string;
  userData: string;
  hostKeyBlock: string;
  /** Admin account to create at boot ("" = none) and the keys it accepts (one per line). */
  adminUser: string;
  adminKeys: string;
}

/**
 * `setpriv --pdeathsig KILL` ties the instance to this process (if the sandbox dies, unshare dies, and
 * `--kill-child` takes the namespace's PID 1 and with it every process of the instance).
 */
export function bootCommand(input: BootInputs): Command {
  return {
    file: "/usr/bin/setpriv",
    args: [
      "--pdeathsig", "KILL", "--",
      "/usr/bin/unshare", "--mount", "--pid", "--uts", "--ipc", "--fork", "--kill-child", "--propagation", "private",
      // The scripts travel in the environment so that `ps` on the host shows a readable command line.
      "/bin/sh", "-c", 'eval "$ROLL_SETUP"', "roll-setup",
    ],
    env: {
      PATH: HOST_PATH,
      ROLL_ROOTFS: input.rootfs,
      ROLL_ROOT_LOWER: input.rootLowers.join(":"),
      ROLL_USR_LOWER: input.usrLowers.join(":"),
      ROLL_UPPER_ROOT: input.upperRoot,
      ROLL_UPPER_USR: input.upperUsr,
      ROLL_WORK_ROOT: input.workRoot,
      ROLL_WORK_USR: input.workUsr,
      ROLL_HOSTNAME: input.hostname,
      ROLL_SETUP: SETUP_SCRIPT,
      ROLL_DROP: drop(),
      ROLL_INIT: INIT_SCRIPT,
      INSTANCE_ID: input.instanceId,
      LOCAL_IPV4: input.ip,
      ROLL_USER_DATA: input.userData,
      ROLL_HOSTKEY_BLOCK: input.hostKeyBlock,
      ROLL_ADMIN_USER: input.adminUser,
      ROLL_ADMIN_KEYS: input.adminKeys,
    },
  };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `argv` inside a running instance. Until capsh drops the capabilities and chroots, only host
 * binaries run and only with a fixed environment: the session's variables (which a client chooses) are
 * exported by the instance's own shell afterwards, so they can never reach a privileged process.
 */
export function enterCommand(initPid: number, rootfs: string, env: Record<string, string>, argv: string[]): Command {
  const exports = Object.entries(env)
    .map(([key, value]) => `export ${key}=${shellQuote(value)}`)
    .join("; ");
  const script = `${exports}; cd "$HOME" 2>/dev/null || cd /; exec "$@"`;
  return {
    file: "/usr/bin/setpriv",
    args: [
      "--pdeathsig", "KILL", "--",
      "/usr/bin/nsenter", "--target", String(initPid), "--mount", "--uts", "--ipc", "--pid", "--",
      "/usr/sbin/capsh", `--drop=${drop()}`, `--chroot=${rootfs}`, "--shell=/bin/sh", "--", "-c", script, "roll-session",
      ...argv,
    ],
    env: { PATH: HOST_PATH },
  };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}
