// Who may log in to an instance, and with which keys, decided as on a cloud image: the image's default
// users (ec2-user, ubuntu, admin) accept the launch key pair, as cloud-init installs it for them; any
// other account must exist in the instance's /etc/passwd and list the key in its own
// ~/.ssh/authorized_keys, as sshd reads it. root accepts the key pair too but, as on real AMIs
// (cloud-init's disable_root puts a forced command on that key in root's authorized_keys), every
// session only prints which user to log in as and exits 142. Keys root lists itself work as usual.

import type { ChildProcess } from "node:child_process";
import type { ParsedKey } from "ssh2";
import { LOGIN_USERS, homeOf } from "./base-files.js";
import { parseAuthorizedKeys } from "./authorized-keys.js";

export interface LoginAccount {
  user: string;
  home: string;
  /** The key that may log in as this user (verified against the signature by the caller). */
  key: ParsedKey;
  /** Set for root: what every session prints before exiting 142. */
  refusal?: string;
}

export interface AccountSource {
  /** The launch key pair's public keys. */
  launchKeys: ParsedKey[];
  spawnInside(env: Record<string, string>, argv: string[]): ChildProcess;
  log(line: string): void;
}

const DEFAULT_USERS = new Set<string>(LOGIN_USERS);
export const DEFAULT_LOGIN_USER = "ec2-user";
/** cloud-init's disable_root message, word for word, with its exit status. */
export const ROOT_REFUSAL = `Please login as the user "${DEFAULT_LOGIN_USER}" rather than the user "root".\n\n`;
export const ROOT_REFUSAL_STATUS = 142;

// Runs inside the instance, so its /etc/passwd and symlinks are the instance's own: prints the home
// directory, then the authorized_keys lines. Exit 3 = no such user.
const LOOKUP = `entry=$(getent passwd -- "$1") || exit 3
home=$(printf '%s' "$entry" | cut -d: -f6)
printf '%s\\n' "$home"
head -c 65536 "$home/.ssh/authorized_keys" 2>/dev/null || true`;

const LOOKUP_TIMEOUT_MS = 5_000;
/** Linux user names (useradd's default rule): no shell metacharacters reach the lookup anyway. */
const USER_NAME = /^[a-z_][a-z0-9_.-]{0,31}\$?$/;

export async function findAccount(source: AccountSource, user: string, keyBlob: Buffer): Promise<LoginAccount | undefined> {
  if (!USER_NAME.test(user)) return undefined;
  const launchKey = source.launchKeys.find((k) => k.getPublicSSH().equals(keyBlob));
  if (launchKey && (DEFAULT_USERS.has(user) || user === "root")) {
    return { user, home: homeOf(user), key: launchKey, ...(user === "root" ? { refusal: ROOT_REFUSAL } : {}) };
  }
  const found = await lookupInside(source, user);
  if (!found) return undefined;
  const key = parseAuthorizedKeys(found.keyLines, source.log).find((k) => k.getPublicSSH().equals(keyBlob));
  if (!key) return undefined;
  return { user, home: found.home, key };
}

function lookupInside(source: AccountSource, user: string): Promise<{ home: string; keyLines: string[] } | undefined> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = source.spawnInside({ PATH: "/usr/bin:/bin", LANG: "C.UTF-8" }, ["/bin/sh", "-c", LOOKUP, "sh", user]);
    } catch {
      return resolve(undefined);
    }
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr?.resume();
    child.stdin?.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), LOOKUP_TIMEOUT_MS);
    child.on("error", () => resolve(undefined));
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) return resolve(undefined);
      const [home, ...keyLines] = out.split("\n");
      resolve(home ? { home, keyLines } : undefined);
    });
  });
}
