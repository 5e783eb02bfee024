// Evaluates a block's body against its schema: every attribute and nested block must be a known
// field of the right kind and type; `dynamic` blocks are expanded; legacy {{…}} placeholders rendered.

import { existsSync } from "node:fs";
import path from "node:path";
import { Diagnostics, TemplateError } from "../diagnostics.js";
import { withBindings, type EvalContext } from "../eval/context.js";
import { entries, evaluate } from "../eval/evaluate.js";
import { renderLegacyValue } from "../eval/legacy.js";
import { ANY, convert } from "../eval/types.js";
import { toText } from "../eval/values.js";
import type { Block, Body } from "../syntax/ast.js";
import { attributesOf, blocksOf, findAttribute } from "../syntax/ast.js";
import type { BlockSchema, FieldSpec } from "../schema/types.js";
import type { SourcePosition, Value } from "../types.js";
import { didYouMean } from "./suggest.js";

export interface EvaluatedFields {
  fields: Record<string, Value>;
  fieldPositions: Record<string, SourcePosition>;
  /** Fields whose value had an error (already reported): rules about them are not checked again. */
  failed?: Set<string>;
}

export interface BlockEvaluation {
  ctx: EvalContext;
  diagnostics: Diagnostics;
  /** Fields the caller reads itself (only, except, name …); skipped here. */
  reserved?: string[];
  /** Field path prefix for messages inside nested blocks, e.g. "source_ami_filter.". */
  prefix?: string;
}

export function evaluateBody(body: Body, schema: BlockSchema, options: BlockEvaluation): EvaluatedFields {
  const { ctx, diagnostics } = options;
  const prefix = options.prefix ?? "";
  const out: EvaluatedFields = { fields: {}, fieldPositions: {}, failed: new Set() };
  const seen = new Map<string, SourcePosition>();

  for (const item of body.items) {
    if (item.kind === "attribute" && options.reserved?.includes(item.name)) continue;
    const fieldName = item.kind === "attribute" ? item.name : item.type === "dynamic" ? item.labels[0] ?? "dynamic" : item.type;
    const field = `${prefix}${fieldName}`;
    const ok = diagnostics.attempt(() => {
      if (item.kind === "attribute") {
        const earlier = seen.get(item.name);
        if (earlier) throw new TemplateError(`"${field}" is set twice (first at line ${earlier.line})`, item.pos, field);
        seen.set(item.name, item.pos);
        const spec = fieldSpec(schema, item.name, item.pos, field, "attribute");
        if (spec.kind === "block") {
          throw new TemplateError(`"${field}" is a block: write ${item.name} { … } without "="`, item.pos, field);
        }
        const value = evaluate(item.expr, ctx);
        out.fields[item.name] = renderLegacyValue(convert(value, spec.type, item.expr.pos, field), ctx.now, item.expr.pos);
        out.fieldPositions[item.name] = item.pos;
        return true;
      }
      const expanded = item.type === "dynamic" ? expandDynamic(item, schema, options, field) : [{ block: item, ctx }];
      const spec = fieldSpec(schema, fieldName, item.pos, field, "block");
      if (spec.kind !== "block") {
        throw new TemplateError(`"${field}" is an attribute, not a block: write ${fieldName} = …`, item.pos, field);
      }
      for (const { block, ctx: blockCtx } of expanded) {
        if (block.labels.length > 0 && item.type !== "dynamic") {
          throw new TemplateError(`block "${field}" takes no labels`, block.pos, field);
        }
        const nested = evaluateBody(block.body, spec.schema, { ctx: blockCtx, diagnostics, prefix: `${field}.` });
        checkRules(nested, spec.schema, block.pos, diagnostics, `${field}.`);
        if (spec.repeated) {
          const list = (out.fields[fieldName] ??= []) as Value[];
          list.push(nested.fields);
        } else if (fieldName in out.fields) {
          throw new TemplateError(`only one "${field}" block is allowed`, block.pos, field);
        } else {
          out.fields[fieldName] = nested.fields;
        }
        out.fieldPositions[fieldName] ??= block.pos;
      }
      if (spec.repeated && !(fieldName in out.fields)) {
        // A dynamic block over an empty collection still sets the field: an empty list.
        out.fields[fieldName] = [];
        out.fieldPositions[fieldName] = item.pos;
      }
      return true;
    }, false, field);
    if (!ok) out.failed!.add(fieldName);
  }
  return out;
}

function fieldSpec(schema: BlockSchema, name: string, pos: SourcePosition, field: string, kind: "attribute" | "block"): FieldSpec {
  const spec = schema.fields[name];
  if (spec) return spec;
  if (schema.open) return kind === "attribute" ? { kind: "attribute", type: ANY } : { kind: "block", schema: { ...schema, title: name }, repeated: true };
  const reason = schema.unsupported?.[name];
  if (reason) throw new TemplateError(`"${field}" is not supported in ${schema.title}: ${reason}`, pos, field);
  throw new TemplateError(`unknown field "${field}" in ${schema.title}`, pos, field, didYouMean(name, Object.keys(schema.fields)));
}

/** `dynamic "x" { for_each = …; iterator = it; content { … } }` -> one block per element. */
function expandDynamic(item: Block, schema: BlockSchema, options: BlockEvaluation, field: string): { block: Block; ctx: EvalContext }[] {
  const label = item.labels[0];
  if (item.labels.length !== 1 || !label) throw new TemplateError('a dynamic block needs one label: the block type it generates, e.g. dynamic "tag"', item.pos, field);
  const allowed = new Set(["for_each", "iterator", "labels", "content"]);
  for (const inner of item.body.items) {
    const name = inner.kind === "attribute" ? inner.name : inner.type;
    if (!allowed.has(name)) throw new TemplateError(`unknown field "${name}" in dynamic "${label}"`, inner.pos, field, "a dynamic block has for_each, iterator and content { … }");
  }
  if (findAttribute(item.body, "labels")) throw new TemplateError(`dynamic "${label}": labels are not used by this block type`, item.pos, field);
  const forEach = findAttribute(item.body, "for_each");
  if (!forEach) throw new TemplateError(`dynamic "${label}" needs for_each`, item.pos, field);
  const contents = blocksOf(item.body).filter((inner) => inner.type === "content");
  if (contents.length !== 1) throw new TemplateError(`dynamic "${label}" needs exactly one content { … } block`, item.pos, field);
  const iteratorAttr = findAttribute(item.body, "iterator");
  let iterator = label;
  if (iteratorAttr) {
    if (iteratorAttr.expr.kind !== "variable") throw new TemplateError("iterator must be a plain name", iteratorAttr.pos, field);
    iterator = iteratorAttr.expr.name;
  }
  if (!(label in schema.fields)) fieldSpec(schema, label, item.pos, field, "block");
  const collection = evaluate(forEach.expr, options.ctx);
  return entries(collection, forEach.expr.pos).map(([key, value]) => ({
    block: { ...contents[0]!, labels: [] },
    ctx: withBindings(options.ctx, { [iterator]: { key, value } }),
  }));
}

function isSet(value: Value | undefined): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** required / oneOf / exclusive for a finished block (after build-level overrides are merged). */
export function checkRules(block: EvaluatedFields, schema: BlockSchema, pos: SourcePosition, diagnostics: Diagnostics, prefix = ""): void {
  const failed = (name: string) => block.failed?.has(name) ?? false;
  for (const name of schema.required ?? []) {
    if (failed(name)) continue;
    if (!isSet(block.fields[name]) || block.fields[name] === "") {
      diagnostics.add(new TemplateError(`${schema.title}: "${prefix}${name}" is required`, pos, `${prefix}${name}`));
    }
  }
  for (const group of schema.oneOf ?? []) {
    if (group.some(failed)) continue;
    if (!group.some((name) => isSet(block.fields[name]))) {
      diagnostics.add(new TemplateError(`${schema.title}: one of ${group.map((name) => `"${prefix}${name}"`).join(", ")} is required`, pos, `${prefix}${group[0]}`));
    }
  }
  for (const group of schema.exclusive ?? []) {
    const present = group.filter((name) => isSet(block.fields[name]));
    if (present.length > 1) {
      const second = present[1]!;
      diagnostics.add(
        new TemplateError(
          `${schema.title}: "${prefix}${present[0]}" and "${prefix}${second}" cannot both be set`,
          block.fieldPositions[second] ?? pos,
          `${prefix}${second}`,
        ),
      );
    }
  }
  if ((block.failed?.size ?? 0) > 0) return;
  for (const rule of schema.rules ?? []) {
    for (const problem of rule(block.fields)) {
      diagnostics.add(new TemplateError(`${schema.title}: ${problem.message}`, block.fieldPositions[problem.field] ?? pos, `${prefix}${problem.field}`));
    }
  }
}

/** Local files named by the block (scripts, upload sources, user_data_file) must exist, relative to the template folder. */
export function checkLocalFiles(block: EvaluatedFields, schema: BlockSchema, root: string, diagnostics: Diagnostics): void {
  if (schema.title === 'provisioner "file"' && (block.fields.direction === "download" || block.fields.generated === true)) return;
  for (const name of schema.localFiles ?? []) {
    const value = block.fields[name];
    const files = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    for (const file of files) {
      if (typeof file !== "string" || file.includes("${") || file.includes("{{")) continue;
      const resolved = path.resolve(root, file);
      if (!existsSync(resolved)) {
        diagnostics.add(
          new TemplateError(`"${name}": file not found: ${file} (looked for ${resolved})`, block.fieldPositions[name]!, name, "relative paths are resolved from the template's folder"),
        );
      }
    }
  }
}

/** Reads a list(string) attribute the caller reserved (only, except, sources). */
export function stringList(body: Body, name: string, ctx: EvalContext, diagnostics: Diagnostics): { values: string[]; pos: SourcePosition } | undefined {
  const attribute = attributesOf(body).find((item) => item.name === name);
  if (!attribute) return undefined;
  return diagnostics.attempt(
    () => {
      const value = convert(evaluate(attribute.expr, ctx), { kind: "list", element: { kind: "string" } }, attribute.expr.pos, name);
      return { values: ((value ?? []) as Value[]).map((item) => toText(item, attribute.expr.pos, name)), pos: attribute.pos };
    },
    undefined,
    name,
  );
}
