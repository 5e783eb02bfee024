// Each instance's SSH host key: ed25519, made at first boot and kept in the runtime's data dir (outside
// the instance's filesystem, so images made from an instance never share its host key).

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import ssh2 from "ssh2";

const { utils } = ssh2;

export interface HostKey {
  /** OpenSSH private key text, for ssh2's Server. */
  privateKey: string;
  /** `ssh-ed25519 AAAA…` */
  publicKey: string;
  /** `256 SHA256:… root@<hostname> (ED25519)`, as cloud-init prints it. */
  fingerprint: string;
}

export async function loadOrCreateHostKey(file: string, hostname: string): Promise<HostKey> {
  if (!existsSync(file)) {
    try {
      await writeFile(file, generateEd25519PrivateKey(), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const privateKey = await readFile(file, "utf8");
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`host key ${file} is unreadable: ${parsed.message}`);
  const blob = parsed.getPublicSSH();
  const digest = createHash("sha256").update(blob).digest("base64").replace(/=+$/, "");
  return {
    privateKey,
    publicKey: `${parsed.type} ${blob.toString("base64")}`,
    fingerprint: `256 SHA256:${digest} root@${hostname} (ED25519)`,
  };
}

/** The block cloud-init's keys-to-console module prints; clients scrape it to pin host keys. */
export function hostKeyConsoleBlock(key: HostKey, hostname: string): string {
  return [
    "-----BEGIN SSH HOST KEY FINGERPRINTS-----",
    key.fingerprint,
    "-----END SSH HOST KEY FINGERPRINTS-----",
    "-----BEGIN SSH HOST KEY KEYS-----",
    `${key.publicKey} root@${hostname}`,
    "-----END SSH HOST KEY KEYS-----",
  ].join("\n");
}

/**
 * ssh2's generator drops a leading zero byte of the ed25519 public key (about 1 key in 200), which
 * yields a key nothing can parse; such a key is simply made again.
 */
export function generateEd25519PrivateKey(comment?: string): string {
  for (;;) {
    const pair = utils.generateKeyPairSync("ed25519", comment ? { comment } : {});
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair.private;
  }
}
