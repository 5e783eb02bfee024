// Parses authorized_keys lines (options prefix and comment allowed) into keys that can verify signatures.

import ssh2, { type ParsedKey } from "ssh2";

const { utils } = ssh2;
const KEY_FIELD = /(?:^|\s)((?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-[a-z0-9@.-]+)\s+[A-Za-z0-9+/]+={0,3})(?:\s|$)/;

export function parseAuthorizedKeys(lines: string[], log: (line: string) => void): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const line of lines.flatMap((l) => l.split("\n"))) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const field = KEY_FIELD.exec(trimmed)?.[1];
    const parsed = field ? utils.parseKey(field) : new Error("no key type found");
    if (parsed instanceof Error) {
      log(`ignoring an authorized key that cannot be parsed: ${parsed.message}`);
      continue;
    }
    keys.push(Array.isArray(parsed) ? parsed[0]! : parsed);
  }
  return keys;
}
