// SSH host-key fingerprints: computing them the way OpenSSH prints them ("SHA256:" + unpadded base64
// of the key blob's SHA-256), and finding them in an instance's console output.

import { createHash } from "node:crypto";

export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}

const FINGERPRINT = /SHA256:[A-Za-z0-9+/]{43}/g;
const BLOCK_START = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
const BLOCK_END = "-----END SSH HOST KEY FINGERPRINTS-----";

/**
 * The fingerprints an instance printed at boot. cloud-init (and the sandbox) print `ssh-keygen -l`
 * lines ("256 SHA256:… root@host (ED25519)"), on AWS between BEGIN/END markers. When the markers are
 * present only the block is read, so a fingerprint echoed by some other program cannot sneak in.
 */
export function fingerprintsFromConsole(output: string): string[] {
  const start = output.indexOf(BLOCK_START);
  if (start >= 0) {
    const end = output.indexOf(BLOCK_END, start);
    if (end < 0) return []; // the block is still being written
    return unique(output.slice(start, end).match(FINGERPRINT) ?? []);
  }
  const lines = output.split(/\r?\n/).filter((line) => /^\s*\d+\s+SHA256:\S+\s.*\(\w+\)\s*$/.test(line));
  return unique(lines.flatMap((line) => line.match(FINGERPRINT) ?? []));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
