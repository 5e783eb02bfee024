import type { EvalContext } from "../eval/context.js";
import type { SourcePosition, Value } from "../types.js";

export interface TemplateFunction {
  /** Fewest arguments. */
  min: number;
  /** Most arguments; Infinity for variadic functions. */
  max: number;
  call(args: Value[], pos: SourcePosition, ctx: EvalContext): Value;
}

export type FunctionTable = Record<string, TemplateFunction>;
