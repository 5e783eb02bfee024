// App and target names become folder names under the state root (and S3 key segments), so each must
// be one safe path segment: no separators, no "." or "..", nothing a shell or a file system treats
// specially, and short enough for any file system. Checked before any lock or file is touched.

import { userError } from "../engine/errors.js";

export const MAX_NAME_LENGTH = 64;
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function shown(name: string): string {
  return name.length > 80 ? `${JSON.stringify(name.slice(0, 80))}… (${name.length} characters)` : JSON.stringify(name);
}

export function assertSafeName(kind: "app" | "target" | "version", name: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw userError(`bad-${kind}-name`, `${kind} name ${shown(name)} is longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (!SAFE_SEGMENT.test(name) || name.includes("..")) {
    throw userError(
      `bad-${kind}-name`,
      `${kind} name ${shown(name)} is not allowed: use letters, digits, ".", "_" and "-", starting with a letter or digit`,
    );
  }
}
