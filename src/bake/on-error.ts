// --on-error=cleanup|abort|ask, as in Packer, as a policy around the steps rather than a check in
// each one. After a failure the policy decides once, at the first cleanup: "cleanup" lets every
// cleanup run (the default); "abort" skips the cleanups that remove cloud resources, so the builder
// and its temporaries stay for debugging (and `roll gc` removes them later); "ask" puts the question
// to the user, and means "cleanup" when nobody can answer, so a non-interactive run never hangs.
// A cancelled run (Ctrl-C, SIGTERM) always cleans up: the user asked to stop, not to keep.

import type { EventSink } from "../engine/events.js";
import type { CleanupOutcome, Step, StepContext } from "../engine/steps.js";

export const ON_ERROR_POLICIES = ["cleanup", "abort", "ask"] as const;
export type OnErrorPolicy = (typeof ON_ERROR_POLICIES)[number];
export type OnErrorChoice = "cleanup" | "abort";

export interface OnErrorOptions {
  policy: OnErrorPolicy;
  /** Puts the question to the user; absent when nobody can answer (not a terminal). */
  ask?: (question: string) => Promise<OnErrorChoice>;
}

export interface LeftResource {
  kind: "instance" | "key-pair" | "security-group" | "image" | "snapshot";
  id: string;
  detail?: string;
}

export interface PolicyHooks<S> {
  /** Steps whose cleanup removes cloud resources: skipped when the choice is "abort". */
  removesResources(step: Step<S>): boolean;
  /** What the run created and still holds, to say what "abort" leaves. */
  left(state: S): LeftResource[];
  /** Extra lines for the abort message (how to reach the builder, …). */
  advice?(state: S): string[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the policy decided, for the caller to report (filled in at the first cleanup after a failure). */
export interface PolicyReport {
  kept: LeftResource[];
}

export function withOnErrorPolicy<S>(steps: Step<S>[], options: OnErrorOptions, hooks: PolicyHooks<S>, report: PolicyReport = { kept: [] }): Step<S>[] {
  if (options.policy === "cleanup") return steps;
  let failure: unknown;
  let decision: Promise<OnErrorChoice> | undefined;

  const decide = (state: S, emit: EventSink, outcome: CleanupOutcome): Promise<OnErrorChoice> => {
    if (!outcome.failed || outcome.cancelled) return Promise.resolve("cleanup");
    decision ??= (async (): Promise<OnErrorChoice> => {
      let choice: OnErrorChoice = "cleanup";
      if (options.policy === "abort") choice = "abort";
      else if (!options.ask) {
        emit({ type: "log", level: "info", message: "on-error=ask: nobody to ask (not a terminal), cleaning up" });
      } else {
        const left = hooks.left(state).map((r) => `${r.kind} ${r.id}`).join(", ") || "nothing";
        choice = await options.ask(`The bake failed: ${errorText(failure)}\nIt holds: ${left}.\nClean up (c) or leave it all for debugging (a)?`);
      }
      if (choice === "abort") {
        const left = hooks.left(state);
        report.kept.push(...left);
        for (const resource of left) emit({ type: "resource", action: "kept", kind: resource.kind, id: resource.id, detail: `on-error=${options.policy}${resource.detail ? `; ${resource.detail}` : ""}` });
        emit({
          type: "log",
          level: "warn",
          message: [
            `on-error=${options.policy}: the failed bake's resources were left for debugging: ${left.map((r) => `${r.kind} ${r.id}${r.detail ? ` (${r.detail})` : ""}`).join(", ") || "none"}`,
            ...(hooks.advice?.(state) ?? []),
            "`roll gc` removes them once this run has ended.",
          ].join("\n"),
        });
      }
      return choice;
    })();
    return decision;
  };

  return steps.map((step): Step<S> => ({
    ...step,
    async run(state: S, ctx: StepContext) {
      try {
        await step.run(state, ctx);
      } catch (error) {
        failure ??= error;
        throw error;
      }
    },
    ...(step.cleanup
      ? {
          async cleanup(state: S, ctx: StepContext, outcome: CleanupOutcome) {
            const choice = await decide(state, ctx.emit, outcome);
            if (choice === "abort" && hooks.removesResources(step)) return;
            await step.cleanup!(state, ctx, outcome);
          },
        }
      : {}),
  }));
}
