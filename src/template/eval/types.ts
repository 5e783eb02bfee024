// HCL type constraints (`string`, `list(string)`, `object({…})`, …) and the conversions HCL applies
// when a value meets one: numbers and bools become strings, numeric strings become numbers, "true"
// becomes true, tuples become lists, objects become maps. Everything else is an error naming both.

import { TemplateError } from "../diagnostics.js";
import type { Expr } from "../syntax/ast.js";
import type { SourcePosition, Value } from "../types.js";
import { describe, formatNumber, isObject, type ObjectValue } from "./values.js";

export type TypeSpec =
  | { kind: "string" | "number" | "bool" | "any" }
  | { kind: "list" | "set" | "map"; element: TypeSpec }
  | { kind: "object"; attributes: Record<string, { type: TypeSpec; optional: boolean }> }
  | { kind: "tuple"; elements: TypeSpec[] };

export const STRING: TypeSpec = { kind: "string" };
export const NUMBER: TypeSpec = { kind: "number" };
export const BOOL: TypeSpec = { kind: "bool" };
export const ANY: TypeSpec = { kind: "any" };
export const listOf = (element: TypeSpec): TypeSpec => ({ kind: "list", element });
export const mapOf = (element: TypeSpec): TypeSpec => ({ kind: "map", element });

export function typeLabel(type: TypeSpec): string {
  switch (type.kind) {
    case "list":
    case "set":
    case "map":
      return `${type.kind}(${typeLabel(type.element)})`;
    case "object":
      return "object";
    case "tuple":
      return "tuple";
    default:
      return type.kind;
  }
}

/** Reads a type expression such as `map(list(string))` from the syntax tree. */
export function parseTypeExpr(expr: Expr): TypeSpec {
  if (expr.kind === "variable") {
    if (["string", "number", "bool", "any"].includes(expr.name)) return { kind: expr.name as "string" };
    if (["list", "map", "set"].includes(expr.name)) return { kind: expr.name as "list", element: ANY };
    throw new TemplateError(`unknown type "${expr.name}"`, expr.pos, "type", "use string, number, bool, list(…), map(…), set(…), object({…}), tuple([…]) or any");
  }
  if (expr.kind === "call") {
    const arg = expr.args[0];
    if (expr.args.length !== 1 || !arg) throw new TemplateError(`type ${expr.name}(…) takes one argument`, expr.pos, "type");
    if (expr.name === "list" || expr.name === "map" || expr.name === "set") {
      return { kind: expr.name, element: parseTypeExpr(arg) };
    }
    if (expr.name === "object") {
      if (arg.kind !== "object") throw new TemplateError("object(…) takes an object of attribute types", arg.pos, "type");
      const attributes: Record<string, { type: TypeSpec; optional: boolean }> = {};
      for (const item of arg.items) {
        if (item.key.kind !== "literal" || typeof item.key.value !== "string") {
          throw new TemplateError("object type attribute names must be plain names", item.key.pos, "type");
        }
        const optional = item.value.kind === "call" && item.value.name === "optional";
        const inner = optional && item.value.kind === "call" ? item.value.args[0]! : item.value;
        attributes[item.key.value] = { type: parseTypeExpr(inner), optional };
      }
      return { kind: "object", attributes };
    }
    if (expr.name === "tuple") {
      if (arg.kind !== "tuple") throw new TemplateError("tuple(…) takes a list of element types", arg.pos, "type");
      return { kind: "tuple", elements: arg.items.map(parseTypeExpr) };
    }
  }
  throw new TemplateError("invalid type expression", expr.pos, "type");
}

/** Converts `value` to `type` or throws naming `what` (a field or variable). */
export function convert(value: Value, type: TypeSpec, pos: SourcePosition, what: string): Value {
  if (value === null || type.kind === "any") return value;
  const fail = (detail?: string): never => {
    throw new TemplateError(`${what}: ${typeLabel(type)} required, got ${describe(value)}${detail ? ` (${detail})` : ""}`, pos);
  };
  switch (type.kind) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number") return formatNumber(value);
      if (typeof value === "boolean") return String(value);
      return fail();
    case "number":
      if (typeof value === "number") return value;
      if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
      return fail();
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      return fail();
    case "list":
    case "set": {
      if (!Array.isArray(value)) return fail();
      const items = value.map((item, index) => convert(item, type.element, pos, `${what}[${index}]`));
      return type.kind === "set" ? dedupe(items) : items;
    }
    case "map": {
      if (!isObject(value)) return fail();
      const out: ObjectValue = {};
      for (const [key, item] of Object.entries(value)) out[key] = convert(item, type.element, pos, `${what}["${key}"]`);
      return out;
    }
    case "object": {
      if (!isObject(value)) return fail();
      const out: ObjectValue = {};
      for (const [key, attribute] of Object.entries(type.attributes)) {
        if (key in value) out[key] = convert(value[key]!, attribute.type, pos, `${what}.${key}`);
        else if (attribute.optional) out[key] = null;
        else fail(`attribute "${key}" is required`);
      }
      const extra = Object.keys(value).filter((key) => !(key in type.attributes));
      if (extra.length > 0) fail(`unexpected attribute "${extra[0]}"`);
      return out;
    }
    case "tuple": {
      if (!Array.isArray(value) || value.length !== type.elements.length) return fail();
      return value.map((item, index) => convert(item, type.elements[index]!, pos, `${what}[${index}]`));
    }
  }
}

function dedupe(items: Value[]): Value[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
