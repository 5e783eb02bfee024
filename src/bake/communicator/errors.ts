// Errors of the communicator, with stable codes the provisioners act on (expect_disconnect,
// start_retry_timeout).

import { RollError, isRollError } from "../../engine/errors.js";

export function disconnectedError(detail: string, cause?: unknown): RollError {
  return new RollError("ssh-disconnected", `SSH connection lost: ${detail}`, { fault: "external", cause });
}

export function isDisconnect(error: unknown): boolean {
  return isRollError(error) && error.code === "ssh-disconnected";
}

export function scpError(detail: string, cause?: unknown): RollError {
  return new RollError("scp-failed", detail, { fault: "external", cause });
}
