// The only place exit codes are decided. Documented in the README and in `roll --help`.

import { isAbort, isRollError } from "../engine/errors.js";
import type { Outcome } from "../engine/events.js";

export const EXIT = {
  ok: 0,
  /** The release did not become live: rolled back, or failed. */
  releaseFailed: 1,
  /** Bad input: arguments, template, unknown app or version. Nothing was changed in the cloud. */
  badInput: 2,
  /** Another run holds the app's lock. */
  locked: 3,
  /** The cloud (or the sandbox, SSH, Terraform) failed. */
  external: 4,
  /** A bug in roll. */
  internal: 70,
  cancelled: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    done; for deploy/rollback: the requested version is live and healthy
  1    the release did not become live (rolled back, or failed)
  2    bad input (arguments, template, unknown app or version); nothing was changed
  3    the app is locked by another run
  4    the cloud, the sandbox or SSH failed
  70   internal error in roll
  130  cancelled (Ctrl-C); everything the run created was cleaned up`;

export function exitCodeForOutcome(outcome: Outcome): number {
  switch (outcome) {
    case "deployed":
    case "baked":
    case "reused":
    case "up-to-date":
      return EXIT.ok;
    case "cancelled":
      return EXIT.cancelled;
    default:
      return EXIT.releaseFailed;
  }
}

export function exitCodeForError(error: unknown): number {
  if (isAbort(error)) return EXIT.cancelled;
  if (isRollError(error)) {
    if (error.code === "locked") return EXIT.locked;
    // 2 promises that nothing changed in the cloud; a run that left resources behind failed (1).
    if (error.leftResources) return EXIT.releaseFailed;
    if (error.fault === "user") return EXIT.badInput;
    if (error.fault === "external") return EXIT.external;
    return EXIT.internal;
  }
  // Errors from the AWS SDK carry $metadata: the cloud said no.
  if (error && typeof error === "object" && "$metadata" in error) return EXIT.external;
  return EXIT.internal;
}
