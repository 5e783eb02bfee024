// `locals { a = … }` and `local "a" { expression = …; sensitive = true }`. Locals may refer to each
// other in any order and across files, so each is evaluated on first use, with cycle detection.

import { AlreadyReported, Diagnostics, TemplateError } from "../diagnostics.js";
import type { EvalContext } from "../eval/context.js";
import { evaluate, traverse } from "../eval/evaluate.js";
import { toBool } from "../eval/values.js";
import type { Block, Expr } from "../syntax/ast.js";
import { attributesOf, blocksOf, findAttribute } from "../syntax/ast.js";
import type { SourcePosition, Value, VariableValue } from "../types.js";
import { didYouMean } from "./suggest.js";

interface LocalDefinition {
  name: string;
  expr: Expr;
  sensitiveExpr?: Expr;
  pos: SourcePosition;
}

export class Locals {
  private readonly definitions = new Map<string, LocalDefinition>();
  private readonly results = new Map<string, VariableValue | "failed">();
  private readonly evaluating: string[] = [];
  /** Set once the full context exists (locals see var, local, path, data). */
  ctx?: EvalContext;

  constructor(private readonly diagnostics: Diagnostics) {}

  declare(localsBlocks: Block[], localBlocks: Block[]): void {
    for (const block of localsBlocks) {
      this.diagnostics.attempt(() => {
        if (block.labels.length > 0) throw new TemplateError("a locals block takes no labels", block.pos);
        for (const inner of blocksOf(block.body)) {
          this.diagnostics.add(new TemplateError(`a locals block holds only "name = value" lines, found a "${inner.type}" block`, inner.pos, inner.type));
        }
      }, undefined);
      for (const attribute of attributesOf(block.body)) {
        this.add({ name: attribute.name, expr: attribute.expr, pos: attribute.pos });
      }
    }
    for (const block of localBlocks) {
      this.diagnostics.attempt(() => {
        const name = block.labels[0];
        if (block.labels.length !== 1 || !name) throw new TemplateError('a local block needs one label: local "name" { expression = … }', block.pos);
        for (const item of block.body.items) {
          const field = item.kind === "attribute" ? item.name : item.type;
          if (item.kind !== "attribute" || (field !== "expression" && field !== "sensitive")) {
            throw new TemplateError(`unknown field "${field}" in local "${name}"`, item.pos, field, 'a local block has "expression" and "sensitive"');
          }
        }
        const expression = findAttribute(block.body, "expression");
        if (!expression) throw new TemplateError(`local "${name}" needs an expression`, block.pos, "expression");
        this.add({ name, expr: expression.expr, sensitiveExpr: findAttribute(block.body, "sensitive")?.expr, pos: block.pos });
      }, undefined);
    }
  }

  private add(definition: LocalDefinition): void {
    const earlier = this.definitions.get(definition.name);
    if (earlier) {
      this.diagnostics.add(
        new TemplateError(`local "${definition.name}" is defined twice (first at ${earlier.pos.file}:${earlier.pos.line})`, definition.pos, definition.name),
      );
      return;
    }
    this.definitions.set(definition.name, definition);
  }

  /** The `local` namespace. */
  resolve = (path: string[], pos: SourcePosition): Value => {
    const name = path[0];
    if (name === undefined) throw new TemplateError("local must be followed by a name, e.g. local.ami_name", pos);
    const result = this.valueOf(name, pos);
    if (result === "failed") throw new AlreadyReported(`local "${name}" is invalid`, pos);
    return traverse(result.value, path.slice(1), pos);
  };

  private valueOf(name: string, pos: SourcePosition): VariableValue | "failed" {
    const done = this.results.get(name);
    if (done) return done;
    const definition = this.definitions.get(name);
    if (!definition) {
      throw new TemplateError(`unknown local "${name}"`, pos, undefined, didYouMean(name, this.definitions.keys()) ?? `define it in a locals { } block`);
    }
    if (this.evaluating.includes(name)) {
      const cycle = [...this.evaluating.slice(this.evaluating.indexOf(name)), name].map((item) => `local.${item}`).join(" -> ");
      throw new TemplateError(`locals refer to each other in a cycle: ${cycle}`, pos);
    }
    if (!this.ctx) throw new Error("Locals used before the evaluation context was set");
    const ctx = this.ctx;
    this.evaluating.push(name);
    try {
      const result = this.diagnostics.attempt<VariableValue | "failed">(
        () => {
          const sensitive = definition.sensitiveExpr ? toBool(evaluate(definition.sensitiveExpr, ctx), definition.sensitiveExpr.pos, "sensitive") : false;
          return { name, value: evaluate(definition.expr, ctx), sensitive };
        },
        "failed",
        name,
      );
      this.results.set(name, result);
      return result;
    } finally {
      this.evaluating.pop();
    }
  }

  /** Evaluates every local (also unused ones, so their errors are reported) and returns the good ones. */
  evaluateAll(): Record<string, VariableValue> {
    const out: Record<string, VariableValue> = {};
    for (const definition of this.definitions.values()) {
      const result = this.diagnostics.attempt(() => this.valueOf(definition.name, definition.pos), "failed" as const);
      if (result !== "failed") out[definition.name] = result;
    }
    return out;
  }
}
