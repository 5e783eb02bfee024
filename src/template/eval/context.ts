// What an expression can see. Namespaces (var, local, path, data, …) are resolved on demand so that
// locals can refer to each other in any order; iterator names from `for` and `dynamic` shadow them.

import type { SourcePosition, Value } from "../types.js";

export type NamespaceResolver = (path: string[], pos: SourcePosition) => Value;

export interface EvalContext {
  /** `var`, `local`, `path`, `data`, `build`: given the attribute names after the root, returns the value. */
  namespaces: Record<string, NamespaceResolver>;
  /** Iterator names bound by `for` expressions, `dynamic` blocks and templatefile(). */
  bindings: Map<string, Value>;
  /** env() is only allowed in variable defaults, as in Packer. */
  allowEnv: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  now: Date;
}

export function withBindings(ctx: EvalContext, bindings: Record<string, Value>): EvalContext {
  const next = new Map(ctx.bindings);
  for (const [name, value] of Object.entries(bindings)) next.set(name, value);
  return { ...ctx, bindings: next };
}
