// Wraps one cloud write so a failure says what roll was doing; the SDK's error stays as the cause.
// Cancellation passes through unchanged so the step runner still sees an abort.

import { RollError, isAbort } from "../../engine/errors.js";

export async function cloudCall<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAbort(error)) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new RollError("apply-failed", `${doing} failed: ${reason}`, { fault: "external", cause: error });
  }
}
