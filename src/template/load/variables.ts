// `variable` blocks and their values. Precedence, lowest first, as in Packer: default, PKR_VAR_*
// environment, *.auto.pkrvars.hcl (lexical order), --var-file (in order), --var (in order).

import { AlreadyReported, Diagnostics, TemplateError } from "../diagnostics.js";
import type { EvalContext } from "../eval/context.js";
import { evaluate, traverse } from "../eval/evaluate.js";
import { ANY, convert, parseTypeExpr, typeLabel, type TypeSpec } from "../eval/types.js";
import { toBool, toText } from "../eval/values.js";
import type { Block, Expr } from "../syntax/ast.js";
import { attributesOf, blocksOf, findAttribute } from "../syntax/ast.js";
import { parseHclSync } from "../syntax/parser.js";
import type { SourcePosition, Value, VariableValue } from "../types.js";
import { didYouMean } from "./suggest.js";

export interface VariableDeclaration {
  name: string;
  type: TypeSpec;
  defaultExpr?: Expr;
  sensitive: boolean;
  description?: string;
  validations: { condition: Expr; errorMessage: Expr; pos: SourcePosition }[];
  pos: SourcePosition;
}

/** A value from outside the template: already evaluated (var files) or raw text (--var, PKR_VAR_). */
export interface AssignedValue {
  name: string;
  value: { raw: string } | { value: Value };
  pos: SourcePosition;
  /** "--var", "PKR_VAR_x", or a var file path: for messages. */
  origin: string;
  /** Undeclared names are errors for --var and var files, ignored for the environment (as Packer). */
  mustBeDeclared: boolean;
}

const VARIABLE_FIELDS = new Set(["type", "default", "description", "sensitive", "nullable", "validation"]);

export function declareVariables(blocks: Block[], diagnostics: Diagnostics, ctx: EvalContext): Map<string, VariableDeclaration> {
  const declared = new Map<string, VariableDeclaration>();
  for (const block of blocks) {
    diagnostics.attempt(() => {
      const name = block.labels[0];
      if (block.labels.length !== 1 || !name) throw new TemplateError('a variable block needs one label: variable "name" { … }', block.pos);
      const earlier = declared.get(name);
      if (earlier) throw new TemplateError(`variable "${name}" is declared twice (first at ${earlier.pos.file}:${earlier.pos.line})`, block.pos);
      for (const item of block.body.items) {
        const field = item.kind === "attribute" ? item.name : item.type;
        if (!VARIABLE_FIELDS.has(field) || (item.kind === "block") !== (field === "validation")) {
          throw new TemplateError(`unknown field "${field}" in variable "${name}"`, item.pos, field, didYouMean(field, VARIABLE_FIELDS));
        }
      }
      const typeAttr = findAttribute(block.body, "type");
      const sensitiveAttr = findAttribute(block.body, "sensitive");
      const descriptionAttr = findAttribute(block.body, "description");
      const declaration: VariableDeclaration = {
        name,
        type: typeAttr ? parseTypeExpr(typeAttr.expr) : ANY,
        defaultExpr: findAttribute(block.body, "default")?.expr,
        sensitive: sensitiveAttr ? toBool(evaluate(sensitiveAttr.expr, ctx), sensitiveAttr.expr.pos, "sensitive") : false,
        description: descriptionAttr ? toText(evaluate(descriptionAttr.expr, ctx), descriptionAttr.expr.pos, "description") : undefined,
        validations: blocksOf(block.body)
          .filter((inner) => inner.type === "validation")
          .map((validation) => {
            for (const item of validation.body.items) {
              const field = item.kind === "attribute" ? item.name : item.type;
              if (item.kind !== "attribute" || (field !== "condition" && field !== "error_message")) {
                throw new TemplateError(`unknown field "${field}" in validation of variable "${name}"`, item.pos, field);
              }
            }
            const condition = findAttribute(validation.body, "condition");
            const errorMessage = findAttribute(validation.body, "error_message");
            if (!condition || !errorMessage) {
              throw new TemplateError(`a validation block of variable "${name}" needs condition and error_message`, validation.pos, "validation");
            }
            return { condition: condition.expr, errorMessage: errorMessage.expr, pos: validation.pos };
          }),
        pos: block.pos,
      };
      declared.set(name, declaration);
    }, undefined);
  }
  return declared;
}

/** Reads a var file (`name = value` lines) into assignments. */
export function readVarFile(file: string, text: string, diagnostics: Diagnostics, ctx: EvalContext): AssignedValue[] {
  if (file.endsWith(".json")) {
    const pos = { file, line: 1, column: 1 };
    try {
      const parsed = JSON.parse(text) as Record<string, Value>;
      return Object.entries(parsed).map(([name, value]) => ({ name, value: { value }, pos, origin: file, mustBeDeclared: true }));
    } catch (error) {
      diagnostics.add(new TemplateError(`invalid JSON var file: ${(error as Error).message}`, pos));
      return [];
    }
  }
  const parsed = parseHclSync(text, file);
  parsed.syntaxErrors.forEach((error) => diagnostics.add(error));
  for (const block of blocksOf(parsed.body)) {
    diagnostics.add(new TemplateError(`a var file holds only "name = value" lines, found a "${block.type}" block`, block.pos, block.type));
  }
  return attributesOf(parsed.body).flatMap((attribute) =>
    diagnostics.attempt(
      () => [{ name: attribute.name, value: { value: evaluate(attribute.expr, ctx) }, pos: attribute.pos, origin: file, mustBeDeclared: true }],
      [] as AssignedValue[],
      attribute.name,
    ),
  );
}

export function resolveVariables(
  declared: Map<string, VariableDeclaration>,
  assigned: AssignedValue[],
  diagnostics: Diagnostics,
  ctx: EvalContext,
  defaultsCtx: EvalContext,
): Map<string, VariableValue | "failed"> {
  const chosen = new Map<string, AssignedValue>();
  for (const assignment of assigned) {
    if (!declared.has(assignment.name)) {
      if (assignment.mustBeDeclared) {
        diagnostics.add(
          new TemplateError(
            `${assignment.origin} sets undeclared variable "${assignment.name}"`,
            assignment.pos,
            assignment.name,
            didYouMean(assignment.name, declared.keys()) ?? `declare it with variable "${assignment.name}" { type = string }`,
          ),
        );
      }
      continue;
    }
    chosen.set(assignment.name, assignment);
  }

  const values = new Map<string, VariableValue | "failed">();
  for (const declaration of declared.values()) {
    const { name, sensitive } = declaration;
    const result = diagnostics.attempt<VariableValue | "failed">(() => {
      const assignment = chosen.get(name);
      let value: Value;
      let pos: SourcePosition;
      if (assignment) {
        pos = assignment.pos;
        value = "raw" in assignment.value ? parseRaw(assignment.value.raw, declaration, assignment) : assignment.value.value;
      } else if (declaration.defaultExpr) {
        pos = declaration.defaultExpr.pos;
        value = evaluate(declaration.defaultExpr, defaultsCtx);
      } else {
        throw new TemplateError(
          `variable "${name}" has no default and no value was given`,
          declaration.pos,
          name,
          `set it with --var ${name}=…, a var file, or the environment variable PKR_VAR_${name}`,
        );
      }
      value = convertVariable(value, declaration, pos);
      validate(declaration, value, ctx);
      return { name, value, sensitive };
    }, "failed", name);
    values.set(name, result);
  }
  return values;
}

function convertVariable(value: Value, declaration: VariableDeclaration, pos: SourcePosition): Value {
  try {
    return convert(value, declaration.type, pos, `variable "${declaration.name}"`);
  } catch (error) {
    if (!(error instanceof TemplateError) || !declaration.sensitive) throw error;
    // The usual message shows the value; a sensitive one must not appear.
    throw new TemplateError(`variable "${declaration.name}": ${typeLabel(declaration.type)} required (value hidden: sensitive)`, pos, declaration.name);
  }
}

/** --var and PKR_VAR_ values: plain text for string (and untyped) variables, an HCL expression otherwise. */
function parseRaw(raw: string, declaration: VariableDeclaration, assignment: AssignedValue): Value {
  if (declaration.type.kind === "string" || declaration.type.kind === "any") return raw;
  const invalid = () => {
    const shown = declaration.sensitive ? "the value (hidden: sensitive)" : `"${raw}"`;
    return new TemplateError(`${assignment.origin}: ${shown} is not a valid ${typeLabel(declaration.type)} for variable "${declaration.name}"`, assignment.pos, declaration.name);
  };
  const parsed = parseHclSync(`value = ${raw}\n`, assignment.origin);
  const attribute = parsed.body.items[0];
  if (parsed.syntaxErrors.length > 0 || !attribute || attribute.kind !== "attribute" || parsed.body.items.length !== 1) throw invalid();
  const literalCtx: EvalContext = { namespaces: {}, bindings: new Map(), allowEnv: false, env: {}, cwd: process.cwd(), now: new Date(0) };
  try {
    return evaluate(attribute.expr, literalCtx);
  } catch (error) {
    if (error instanceof TemplateError) throw invalid();
    throw error;
  }
}

function validate(declaration: VariableDeclaration, value: Value, ctx: EvalContext): void {
  if (declaration.validations.length === 0) return;
  const selfOnly: EvalContext = {
    ...ctx,
    namespaces: {
      var: (path, pos) => {
        if (path[0] !== declaration.name) {
          throw new TemplateError(`a validation of variable "${declaration.name}" can only refer to var.${declaration.name}`, pos);
        }
        return traverse(value, path.slice(1), pos);
      },
    },
  };
  for (const validation of declaration.validations) {
    const ok = toBool(evaluate(validation.condition, selfOnly), validation.condition.pos, "validation condition");
    if (!ok) {
      const message = toText(evaluate(validation.errorMessage, selfOnly), validation.errorMessage.pos, "error_message");
      throw new TemplateError(`invalid value for variable "${declaration.name}": ${message}`, validation.condition.pos, declaration.name);
    }
  }
}

/** The `var` namespace over resolved values; failed variables were reported already. */
export function variableNamespace(values: Map<string, VariableValue | "failed">) {
  return (path: string[], pos: SourcePosition): Value => {
    const name = path[0];
    if (name === undefined) throw new TemplateError("var must be followed by a variable name, e.g. var.region", pos);
    const found = values.get(name);
    if (found === undefined) {
      throw new TemplateError(`unknown variable "${name}"`, pos, undefined, didYouMean(name, values.keys()) ?? `declare it with variable "${name}" { … }`);
    }
    if (found === "failed") throw new AlreadyReported(`variable "${name}" is invalid`, pos);
    return traverse(found.value, path.slice(1), pos);
  };
}
