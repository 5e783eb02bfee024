// --on-error=cleanup|abort|ask for `roll bake` and `roll deploy`. "ask" asks on the terminal; when
// stdin or stderr is not a terminal nobody could answer, so the engine gets no question to ask and
// cleans up (a CI run never hangs on a prompt).

import { InvalidArgumentError } from "commander";
import { createInterface } from "node:readline/promises";
import { ON_ERROR_POLICIES, type OnErrorChoice, type OnErrorOptions, type OnErrorPolicy } from "../../bake/on-error.js";

export const ON_ERROR_HELP = "after a failed bake: cleanup (default) removes everything, abort leaves the builder and temporaries for debugging (`roll gc` removes them), ask asks on a terminal";

export function parseOnError(value: string): OnErrorPolicy {
  if ((ON_ERROR_POLICIES as readonly string[]).includes(value)) return value as OnErrorPolicy;
  throw new InvalidArgumentError(`expected one of ${ON_ERROR_POLICIES.join(", ")}, got "${value}"`);
}

async function askOnTerminal(question: string): Promise<OnErrorChoice> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await prompt.question(`\n${question} [C/a] `)).trim().toLowerCase();
    return answer === "a" || answer === "abort" ? "abort" : "cleanup";
  } finally {
    prompt.close();
  }
}

export function onErrorOptions(policy: OnErrorPolicy | undefined): OnErrorOptions {
  if (policy !== "ask") return { policy: policy ?? "cleanup" };
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return interactive ? { policy, ask: askOnTerminal } : { policy };
}
