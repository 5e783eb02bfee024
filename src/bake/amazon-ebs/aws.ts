// Small helpers over the SDK: errors with their AWS code, and cloud failures as RollErrors that say
// which call failed.

import { RollError } from "../../engine/errors.js";

export function awsErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { Code?: string; code?: string; name?: string };
  return e.Code ?? e.code ?? e.name;
}

export function cloudError(action: string, error: unknown): RollError {
  if (error instanceof RollError) return error;
  if (error instanceof Error && error.name === "AbortError") {
    return new RollError("cancelled", "cancelled by the user", { fault: "user", cause: error });
  }
  const code = awsErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return new RollError("cloud-error", `${action} failed: ${code && code !== "Error" ? `${code}: ` : ""}${message}`, { fault: "external", cause: error });
}

/** Runs one SDK call, turning its failure into a RollError naming the action. */
export async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw cloudError(action, error);
  }
}
