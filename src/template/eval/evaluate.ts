// Evaluates an expression tree to a plain value, following HCL's rules.

import { TemplateError } from "../diagnostics.js";
import type { Expr, TemplatePart, TraversalStep } from "../syntax/ast.js";
import type { SourcePosition, Value } from "../types.js";
import { callFunction } from "../functions/index.js";
import { withBindings, type EvalContext } from "./context.js";
import {
  describe,
  isObject,
  toBool,
  toNumber,
  toText,
  typeName,
  valuesEqual,
  type ObjectValue,
} from "./values.js";

export function evaluate(expr: Expr, ctx: EvalContext): Value {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template":
      return evaluateTemplate(expr.parts, ctx, true);
    case "tuple":
      return expr.items.map((item) => evaluate(item, ctx));
    case "object": {
      const out: ObjectValue = {};
      for (const item of expr.items) {
        const key = toText(evaluate(item.key, ctx), item.key.pos, "object key");
        out[key] = evaluate(item.value, ctx);
      }
      return out;
    }
    case "variable":
    case "getattr": {
      const reference = namespaceReference(expr);
      if (reference && !ctx.bindings.has(reference.root)) {
        const resolver = ctx.namespaces[reference.root];
        if (resolver) return resolver(reference.path, reference.pos);
      }
      if (expr.kind === "variable") return lookupName(expr.name, expr.pos, ctx);
      return getAttribute(evaluate(expr.target, ctx), expr.name, expr.pos);
    }
    case "index":
      return indexValue(evaluate(expr.target, ctx), evaluate(expr.key, ctx), expr.key.pos);
    case "splat": {
      const target = evaluate(expr.target, ctx);
      const items = target === null ? [] : Array.isArray(target) ? target : [target];
      return items.map((item) => applySteps(item, expr.steps, ctx));
    }
    case "call":
      return evaluateCall(expr, ctx);
    case "forTuple":
    case "forObject":
      return evaluateFor(expr, ctx);
    case "conditional":
      return toBool(evaluate(expr.cond, ctx), expr.cond.pos, "condition")
        ? evaluate(expr.then, ctx)
        : evaluate(expr.else, ctx);
    case "unary": {
      const operand = evaluate(expr.operand, ctx);
      return expr.op === "!" ? !toBool(operand, expr.pos, "operand of !") : -toNumber(operand, expr.pos, "operand of -");
    }
    case "binary":
      return evaluateBinary(expr.op, expr.left, expr.right, expr.pos, ctx);
  }
}

/** `var.a.b` -> { root: "var", path: ["a", "b"] }; undefined when the chain does not start with a name. */
function namespaceReference(expr: Expr): { root: string; path: string[]; pos: SourcePosition } | undefined {
  const path: string[] = [];
  let current = expr;
  while (current.kind === "getattr") {
    path.unshift(current.name);
    current = current.target;
  }
  return current.kind === "variable" ? { root: current.name, path, pos: current.pos } : undefined;
}

function lookupName(name: string, pos: SourcePosition, ctx: EvalContext): Value {
  if (ctx.bindings.has(name)) return ctx.bindings.get(name)!;
  const known = ["var", "local", "path", ...Object.keys(ctx.namespaces), ...ctx.bindings.keys()];
  throw new TemplateError(
    `unknown name "${name}"`,
    pos,
    undefined,
    `names available here: ${[...new Set(known)].join(", ")}; strings need quotes`,
  );
}

/** Follows attribute names into a value (the rest of `var.x.a.b` after the variable itself). */
export function traverse(value: Value, names: string[], pos: SourcePosition): Value {
  return names.reduce((current, name) => getAttribute(current, name, pos), value);
}

function getAttribute(target: Value, name: string, pos: SourcePosition): Value {
  if (isObject(target)) {
    if (name in target) return target[name]!;
    throw new TemplateError(`no attribute "${name}" in object (it has: ${Object.keys(target).join(", ") || "nothing"})`, pos);
  }
  if (Array.isArray(target) && /^\d+$/.test(name)) return indexValue(target, Number(name), pos);
  throw new TemplateError(`cannot read attribute "${name}" of ${describe(target)}`, pos);
}

function indexValue(target: Value, key: Value, pos: SourcePosition): Value {
  if (Array.isArray(target)) {
    const index = toNumber(key, pos, "index");
    if (!Number.isInteger(index) || index < 0 || index >= target.length) {
      throw new TemplateError(`index ${index} is out of range for a list of ${target.length}`, pos);
    }
    return target[index]!;
  }
  if (isObject(target)) {
    const name = toText(key, pos, "key");
    if (name in target) return target[name]!;
    throw new TemplateError(`key "${name}" not found in map`, pos);
  }
  throw new TemplateError(`cannot index ${describe(target)}`, pos);
}

function applySteps(value: Value, steps: TraversalStep[], ctx: EvalContext): Value {
  let current = value;
  for (const step of steps) {
    current = step.kind === "attr" ? getAttribute(current, step.name, step.pos) : indexValue(current, evaluate(step.key, ctx), step.pos);
  }
  return current;
}

export function evaluateTemplate(parts: TemplatePart[], ctx: EvalContext, topLevel = false): Value {
  // "${x}" alone keeps x's type (HCL's rule); anything else is a string.
  if (topLevel && parts.length === 1 && parts[0]!.kind === "interpolation") return evaluate(parts[0]!.expr, ctx);
  let out = "";
  for (const part of parts) {
    switch (part.kind) {
      case "literal":
        out += part.text;
        break;
      case "interpolation":
        out += toText(evaluate(part.expr, ctx), part.expr.pos, "interpolated value");
        break;
      case "if":
        out += evaluateTemplate(toBool(evaluate(part.cond, ctx), part.pos, "%{if} condition") ? part.then : part.else, ctx);
        break;
      case "for": {
        for (const [key, value] of entries(evaluate(part.collection, ctx), part.collection.pos)) {
          const names: Record<string, Value> = { [part.valueVar]: value };
          if (part.keyVar) names[part.keyVar] = key;
          out += evaluateTemplate(part.body, withBindings(ctx, names));
        }
        break;
      }
    }
  }
  return out;
}

/** Key/value pairs of a list (index keys) or map (sorted keys, as HCL iterates maps). */
export function entries(collection: Value, pos: SourcePosition): [Value, Value][] {
  if (Array.isArray(collection)) return collection.map((item, index) => [index, item]);
  if (isObject(collection)) return Object.keys(collection).sort().map((key) => [key, collection[key]!]);
  throw new TemplateError(`cannot iterate over ${describe(collection)}; a list or map is required`, pos);
}

function evaluateFor(expr: Extract<Expr, { kind: "forTuple" | "forObject" }>, ctx: EvalContext): Value {
  const pairs = entries(evaluate(expr.collection, ctx), expr.collection.pos);
  const scopes = pairs.map(([key, value]) => {
    const names: Record<string, Value> = { [expr.valueVar]: value };
    if (expr.keyVar) names[expr.keyVar] = key;
    return withBindings(ctx, names);
  });
  const kept = scopes.filter((scope) => !expr.cond || toBool(evaluate(expr.cond, scope), expr.cond.pos, "for condition"));
  if (expr.kind === "forTuple") return kept.map((scope) => evaluate(expr.value, scope));
  const out: ObjectValue = {};
  for (const scope of kept) {
    const key = toText(evaluate(expr.key, scope), expr.key.pos, "for key");
    const value = evaluate(expr.value, scope);
    if (expr.group) {
      const group = (out[key] ?? []) as Value[];
      group.push(value);
      out[key] = group;
    } else {
      if (key in out) {
        throw new TemplateError(`duplicate key "${key}" in for expression`, expr.key.pos, undefined, "add ... after the value to group values by key");
      }
      out[key] = value;
    }
  }
  return out;
}

function evaluateCall(expr: Extract<Expr, { kind: "call" }>, ctx: EvalContext): Value {
  // try() and can() look at errors, so their arguments are evaluated here, one at a time.
  if (expr.name === "try") {
    if (expr.args.length === 0) throw new TemplateError("try() needs at least one argument", expr.pos);
    let last: TemplateError | undefined;
    for (const arg of expr.args) {
      try {
        return evaluate(arg, ctx);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        last = error;
      }
    }
    throw new TemplateError(`no argument of try() could be evaluated; the last failed with: ${last!.message}`, expr.pos);
  }
  if (expr.name === "can") {
    if (expr.args.length !== 1) throw new TemplateError("can() takes exactly one argument", expr.pos);
    try {
      evaluate(expr.args[0]!, ctx);
      return true;
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return false;
    }
  }
  let args = expr.args.map((arg) => evaluate(arg, ctx));
  if (expr.expandLast) {
    const last = args[args.length - 1];
    if (!Array.isArray(last)) throw new TemplateError(`the argument before ... must be a list, got ${describe(last ?? null)}`, expr.pos);
    args = [...args.slice(0, -1), ...last];
  }
  return callFunction(expr.name, args, expr.pos, ctx);
}

function evaluateBinary(op: string, leftExpr: Expr, rightExpr: Expr, pos: SourcePosition, ctx: EvalContext): Value {
  if (op === "&&" || op === "||") {
    const left = toBool(evaluate(leftExpr, ctx), leftExpr.pos, `left side of ${op}`);
    if (op === "&&" && !left) return false;
    if (op === "||" && left) return true;
    return toBool(evaluate(rightExpr, ctx), rightExpr.pos, `right side of ${op}`);
  }
  const left = evaluate(leftExpr, ctx);
  const right = evaluate(rightExpr, ctx);
  if (op === "==") return valuesEqual(left, right);
  if (op === "!=") return !valuesEqual(left, right);
  const a = toNumber(left, leftExpr.pos, `left side of ${op}`);
  const b = toNumber(right, rightExpr.pos, `right side of ${op}`);
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) throw new TemplateError("division by zero", pos);
      return a / b;
    case "%":
      if (b === 0) throw new TemplateError("modulo by zero", pos);
      return a % b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
  throw new TemplateError(`unknown operator ${op} (${typeName(left)} and ${typeName(right)})`, pos);
}
