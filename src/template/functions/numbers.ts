// Numeric and type-conversion functions.

import { TemplateError } from "../diagnostics.js";
import { describe, formatNumber, toNumber } from "../eval/values.js";
import type { FunctionTable } from "./types.js";

export const numberFunctions: FunctionTable = {
  abs: { min: 1, max: 1, call: ([n], pos) => Math.abs(toNumber(n!, pos)) },
  ceil: { min: 1, max: 1, call: ([n], pos) => Math.ceil(toNumber(n!, pos)) },
  floor: { min: 1, max: 1, call: ([n], pos) => Math.floor(toNumber(n!, pos)) },
  min: { min: 1, max: Infinity, call: (args, pos) => Math.min(...args.map((arg) => toNumber(arg, pos, "min() argument"))) },
  max: { min: 1, max: Infinity, call: (args, pos) => Math.max(...args.map((arg) => toNumber(arg, pos, "max() argument"))) },
  tostring: {
    min: 1,
    max: 1,
    call: ([value], pos) => {
      if (value === null || typeof value === "string") return value!;
      if (typeof value === "number") return formatNumber(value);
      if (typeof value === "boolean") return String(value);
      throw new TemplateError(`tostring(): cannot convert ${describe(value!)} to a string`, pos);
    },
  },
  tonumber: { min: 1, max: 1, call: ([value], pos) => (value === null ? null : toNumber(value!, pos, "tonumber() argument")) },
  tobool: {
    min: 1,
    max: 1,
    call: ([value], pos) => {
      if (value === null || typeof value === "boolean") return value!;
      if (value === "true" || value === "false") return value === "true";
      throw new TemplateError(`tobool(): cannot convert ${describe(value!)} to a bool`, pos);
    },
  },
};
