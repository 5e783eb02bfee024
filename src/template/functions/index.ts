// The function table and the single entry point the evaluator calls.

import { TemplateError } from "../diagnostics.js";
import type { EvalContext } from "../eval/context.js";
import type { SourcePosition, Value } from "../types.js";
import { collectionFunctions } from "./collections.js";
import { encodingFunctions } from "./encoding.js";
import { fileFunctions } from "./files.js";
import { numberFunctions } from "./numbers.js";
import { stringFunctions } from "./strings.js";
import { timeFunctions } from "./time.js";
import type { FunctionTable } from "./types.js";

const FUNCTIONS: FunctionTable = {
  ...stringFunctions,
  ...collectionFunctions,
  ...numberFunctions,
  ...encodingFunctions,
  ...timeFunctions,
  ...fileFunctions,
};

export function callFunction(name: string, args: Value[], pos: SourcePosition, ctx: EvalContext): Value {
  const fn = FUNCTIONS[name];
  if (!fn) throw new TemplateError(`unknown function "${name}"`, pos, undefined, "see Packer's HCL2 function list; roll supports the common ones");
  if (args.length < fn.min || args.length > fn.max) {
    const expected = fn.min === fn.max ? `${fn.min}` : fn.max === Infinity ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
    throw new TemplateError(`${name}() takes ${expected} argument${expected === "1" ? "" : "s"}, got ${args.length}`, pos);
  }
  return fn.call(args, pos, ctx);
}
