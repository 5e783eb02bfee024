// Top-level `source "type" "name"` and `data "type" "name"` blocks.

import { Diagnostics, TemplateError } from "../diagnostics.js";
import type { EvalContext } from "../eval/context.js";
import { dataSchemas, notRunWarning, sourceSchemas } from "../schema/index.js";
import type { BlockSchema } from "../schema/types.js";
import type { Block } from "../syntax/ast.js";
import type { BlockConfig, SourcePosition, Value } from "../types.js";
import { checkRules, evaluateBody } from "./blocks.js";
import { didYouMean } from "./suggest.js";

export interface DeclaredSource {
  type: string;
  name: string;
  block: Block;
  schema?: BlockSchema;
}

function twoLabels(block: Block, kind: string): [string, string] {
  const [type, name] = block.labels;
  if (block.labels.length !== 2 || !type || !name) {
    throw new TemplateError(`a ${kind} block needs two labels: ${kind} "type" "name" { … }`, block.pos);
  }
  return [type, name];
}

export function declareSources(blocks: Block[], diagnostics: Diagnostics): Map<string, DeclaredSource> {
  const sources = new Map<string, DeclaredSource>();
  for (const block of blocks) {
    diagnostics.attempt(() => {
      const [type, name] = twoLabels(block, "source");
      const key = `${type}.${name}`;
      const earlier = sources.get(key);
      if (earlier) throw new TemplateError(`source "${type}" "${name}" is declared twice (first at ${earlier.block.pos.file}:${earlier.block.pos.line})`, block.pos);
      const schema = sourceSchemas[type];
      if (!schema) {
        throw new TemplateError(
          `unsupported builder type "${type}" in source "${type}" "${name}"`,
          block.pos,
          undefined,
          didYouMean(type, Object.keys(sourceSchemas)) ?? "roll runs amazon-ebs; docs/packer-support.md lists the types it accepts",
        );
      }
      if (schema.open) diagnostics.warn(new TemplateError(notRunWarning("source", type), block.pos));
      sources.set(key, { type, name, block, schema });
    }, undefined);
  }
  return sources;
}

export interface DeclaredData {
  type: string;
  name: string;
  block: Block;
  /** Undefined for a type roll does not run: any attribute may be read. */
  outputs?: string[];
}

export function declareData(blocks: Block[], diagnostics: Diagnostics): Map<string, DeclaredData> {
  const data = new Map<string, DeclaredData>();
  for (const block of blocks) {
    diagnostics.attempt(() => {
      const [type, name] = twoLabels(block, "data");
      const known = dataSchemas[type];
      if (!known) {
        throw new TemplateError(`unsupported data source type "${type}"`, block.pos, undefined, didYouMean(type, Object.keys(dataSchemas)) ?? "docs/packer-support.md lists the data sources roll knows");
      }
      if (known.schema.open) diagnostics.warn(new TemplateError(notRunWarning("data source", type), block.pos));
      const key = `${type}.${name}`;
      if (data.has(key)) throw new TemplateError(`data "${type}" "${name}" is declared twice`, block.pos);
      data.set(key, { type, name, block, outputs: known.outputs });
    }, undefined);
  }
  return data;
}

/** The text a data source reference evaluates to, until the builder looks the data source up. */
export function dataPlaceholder(type: string, name: string, attribute: string): string {
  return `\${data.${type}.${name}.${attribute}}`;
}

/** The `data` namespace: data.<type>.<name>.<attribute> -> placeholder string. */
export function dataNamespace(data: Map<string, DeclaredData>) {
  return (path: string[], pos: SourcePosition): Value => {
    const [type, name, attribute, ...rest] = path;
    if (!type || !name || !attribute) throw new TemplateError("a data source reference reads data.<type>.<name>.<attribute>, e.g. data.amazon-ami.base.id", pos);
    const declared = data.get(`${type}.${name}`);
    if (!declared) {
      throw new TemplateError(`unknown data source data.${type}.${name}`, pos, undefined, didYouMean(`${type}.${name}`, data.keys()));
    }
    if (declared.outputs && !declared.outputs.includes(attribute)) {
      throw new TemplateError(`data "${type}" has no attribute "${attribute}"`, pos, undefined, `it has: ${declared.outputs.join(", ")}`);
    }
    return dataPlaceholder(type, name, [attribute, ...rest].join("."));
  };
}

export function evaluateData(data: Map<string, DeclaredData>, ctx: EvalContext, diagnostics: Diagnostics): BlockConfig[] {
  return [...data.values()].map((declared) => {
    const schema = dataSchemas[declared.type]!.schema;
    const evaluated = evaluateBody(declared.block.body, schema, { ctx, diagnostics });
    checkRules(evaluated, schema, declared.block.pos, diagnostics);
    return { type: declared.type, name: declared.name, position: declared.block.pos, ...evaluated };
  });
}
