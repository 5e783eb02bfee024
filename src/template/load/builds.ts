// `build` blocks: which sources run (with build-level overrides merged), then provisioners and
// post-processors in file order, each with Packer's only/except matching on "<type>.<name>".

import { Diagnostics, TemplateError } from "../diagnostics.js";
import type { EvalContext } from "../eval/context.js";
import { evaluate } from "../eval/evaluate.js";
import { toText } from "../eval/values.js";
import { notRunWarning, postProcessorSchemas, provisionerSchemas } from "../schema/index.js";
import type { BlockSchema } from "../schema/types.js";
import type { Block } from "../syntax/ast.js";
import { findAttribute } from "../syntax/ast.js";
import type { BlockConfig, BuildConfig, ProvisionerConfig, SourcePosition, Value } from "../types.js";
import { buildNamespace, sourceNamespace } from "./contextual.js";
import { checkLocalFiles, checkRules, evaluateBody, stringList, type EvaluatedFields } from "./blocks.js";
import type { DeclaredSource } from "./sources.js";
import { didYouMean } from "./suggest.js";

const BUILD_FIELDS = new Set(["name", "description", "sources", "source", "provisioner", "post-processor", "post-processors", "error-cleanup-provisioner"]);
const BUILD_UNSUPPORTED: Record<string, string> = {
  hcp_packer_registry: "roll keeps image versions in its own release store",
  dynamic: "dynamic blocks are supported inside sources and provisioners, not directly in build",
};

export interface BuildInputs {
  sources: Map<string, DeclaredSource>;
  /** Evaluated top-level source bodies, computed once per source. */
  evaluatedSource(source: DeclaredSource): EvaluatedFields;
  ctx: EvalContext;
  diagnostics: Diagnostics;
  root: string;
}

interface BuildSource {
  config: BlockConfig;
  /** Names only/except may use for this source: "<type>.<name>", also the declared name when renamed. */
  refs: string[];
}

export function evaluateBuild(block: Block, index: number, inputs: BuildInputs): BuildConfig {
  const { ctx, diagnostics } = inputs;
  if (block.labels.length > 0) diagnostics.add(new TemplateError("a build block takes no labels", block.pos));
  for (const item of block.body.items) {
    const field = item.kind === "attribute" ? item.name : item.type;
    const isBlockField = ["source", "provisioner", "post-processor", "post-processors", "error-cleanup-provisioner"].includes(field);
    if (BUILD_UNSUPPORTED[field]) {
      diagnostics.add(new TemplateError(`"${field}" is not supported in build: ${BUILD_UNSUPPORTED[field]}`, item.pos, field));
    } else if (!BUILD_FIELDS.has(field)) {
      diagnostics.add(new TemplateError(`unknown field "${field}" in build`, item.pos, field, didYouMean(field, BUILD_FIELDS)));
    } else if ((item.kind === "block") !== isBlockField) {
      diagnostics.add(new TemplateError(item.kind === "block" ? `"${field}" is an attribute: write ${field} = …` : `"${field}" is a block: write ${field} "…" { … }`, item.pos, field));
    }
  }

  const sources = buildSources(block, inputs);
  // Every name only/except may use -> the final "<type>.<name>" of the sources it means.
  const allRefs = new Map<string, string[]>();
  for (const source of sources) {
    const final = `${source.config.type}.${source.config.name}`;
    for (const ref of source.refs) allRefs.set(ref, [...(allRefs.get(ref) ?? []), final]);
  }
  const nameAttr = findAttribute(block.body, "name");
  const name = nameAttr
    ? diagnostics.attempt(() => toText(evaluate(nameAttr.expr, ctx), nameAttr.expr.pos, "name"), "", "name")
    : sources.map((source) => `${source.config.type}.${source.config.name}`).join(",") || `build.${index}`;
  // build.name is the build block's name; Packer leaves it empty for an unnamed build.
  const steps: StepContext = { ctx, buildName: nameAttr ? name : "", sources: sources.map((source) => source.config) };

  const provisioners: ProvisionerConfig[] = [];
  const postProcessors: ProvisionerConfig[] = [];
  let errorCleanup: ProvisionerConfig[] | undefined;
  let chain = 0;
  for (const item of block.body.items) {
    if (item.kind !== "block") continue;
    if (item.type === "error-cleanup-provisioner") {
      // Packer runs it when a provisioner fails, before the builder cleans up; a build has at most one.
      if (errorCleanup) diagnostics.add(new TemplateError("a build has at most one error-cleanup-provisioner", item.pos, "error-cleanup-provisioner"));
      else errorCleanup = stepBlock(item, "provisioner", provisionerSchemas, steps, inputs, allRefs);
    } else if (item.type === "provisioner") {
      provisioners.push(...stepBlock(item, "provisioner", provisionerSchemas, steps, inputs, allRefs));
    } else if (item.type === "post-processor") {
      postProcessors.push(...stepBlock(item, "post-processor", postProcessorSchemas, steps, inputs, allRefs).map((config) => ({ ...config, chain })));
      chain++;
    } else if (item.type === "post-processors") {
      for (const inner of item.body.items) {
        if (inner.kind !== "block" || inner.type !== "post-processor") {
          const field = inner.kind === "block" ? inner.type : inner.name;
          diagnostics.add(new TemplateError(`a post-processors block holds only post-processor blocks, found "${field}"`, inner.pos, field));
          continue;
        }
        postProcessors.push(...stepBlock(inner, "post-processor", postProcessorSchemas, steps, inputs, allRefs).map((config) => ({ ...config, chain })));
      }
      chain++;
    }
  }
  return {
    name,
    position: block.pos,
    sources: sources.map((source) => source.config),
    provisioners,
    postProcessors,
    ...(errorCleanup && errorCleanup.length > 0 ? { errorCleanupProvisioners: errorCleanup } : {}),
  };
}

function parseSourceRef(text: string): { type: string; name: string } | undefined {
  const match = /^(?:source\.)?([^.]+)\.([^.]+)$/.exec(text);
  return match ? { type: match[1]!, name: match[2]! } : undefined;
}

function buildSources(block: Block, inputs: BuildInputs): BuildSource[] {
  const { diagnostics, ctx } = inputs;
  const out: BuildSource[] = [];
  const add = (source: BuildSource, pos: BlockConfig["position"]) => {
    const key = `${source.config.type}.${source.config.name}`;
    if (out.some((other) => `${other.config.type}.${other.config.name}` === key)) {
      diagnostics.add(new TemplateError(`source ${key} is used twice in this build`, pos, "sources", 'give a build-level source block its own name = "…"'));
      return;
    }
    out.push(source);
  };
  const lookup = (text: string, pos: BlockConfig["position"], field: string): DeclaredSource | undefined => {
    const ref = parseSourceRef(text);
    const declared = ref ? inputs.sources.get(`${ref.type}.${ref.name}`) : undefined;
    if (!declared) {
      const known = [...inputs.sources.keys()].map((key) => `source.${key}`);
      diagnostics.add(
        new TemplateError(`unknown source "${text}"`, pos, field, didYouMean(text, known) ?? (known.length ? `declared sources: ${known.join(", ")}` : "declare it with source \"type\" \"name\" { … }")),
      );
    }
    return declared;
  };

  const list = stringList(block.body, "sources", ctx, diagnostics);
  for (const text of list?.values ?? []) {
    const declared = lookup(text, list!.pos, "sources");
    if (!declared) continue;
    const evaluated = inputs.evaluatedSource(declared);
    add(finishSource(declared, declared.name, evaluated, declared.block.pos, inputs), list!.pos);
  }

  for (const item of block.body.items) {
    if (item.kind !== "block" || item.type !== "source") continue;
    const label = item.labels[0];
    if (item.labels.length !== 1 || !label) {
      diagnostics.add(new TemplateError('a build-level source block needs one label: source "type.name" { … }', item.pos));
      continue;
    }
    const declared = lookup(label, item.pos, "source");
    if (!declared?.schema) continue;
    const base = inputs.evaluatedSource(declared);
    const override = evaluateBody(item.body, declared.schema, { ctx, diagnostics, reserved: ["name"] });
    const nameAttr = findAttribute(item.body, "name");
    const name = nameAttr ? diagnostics.attempt(() => toText(evaluate(nameAttr.expr, ctx), nameAttr.expr.pos, "name"), declared.name, "name") : declared.name;
    const merged: EvaluatedFields = {
      fields: { ...base.fields, ...override.fields },
      fieldPositions: { ...base.fieldPositions, ...override.fieldPositions },
      failed: new Set([...(base.failed ?? []), ...(override.failed ?? [])]),
    };
    const config = finishSource(declared, name, merged, item.pos, inputs);
    if (name !== declared.name) config.refs.push(`${declared.type}.${declared.name}`);
    add(config, item.pos);
  }
  if (out.length === 0 && !list) {
    diagnostics.add(new TemplateError("a build needs sources = [\"source.<type>.<name>\"] or a source block", block.pos, "sources"));
  }
  return out;
}

function finishSource(declared: DeclaredSource, name: string, evaluated: EvaluatedFields, pos: BlockConfig["position"], inputs: BuildInputs): BuildSource {
  checkRules(evaluated, declared.schema!, pos, inputs.diagnostics);
  checkLocalFiles(evaluated, declared.schema!, inputs.root, inputs.diagnostics);
  return {
    config: { type: declared.type, name, position: declared.block.pos, fields: evaluated.fields, fieldPositions: evaluated.fieldPositions },
    refs: [`${declared.type}.${name}`],
  };
}

interface StepContext {
  ctx: EvalContext;
  /** build.name: the build block's name attribute ("" when it has none). */
  buildName: string;
  sources: BlockConfig[];
}

/** The context a provisioner or post-processor is evaluated in for one source: source.* and build.*. */
function stepContext(steps: StepContext, source: BlockConfig | undefined, onSourceUse: () => void): EvalContext {
  const noSource = (_path: string[], pos: SourcePosition): Value => {
    throw new TemplateError("source.* needs a source: this build has none", pos);
  };
  return {
    ...steps.ctx,
    namespaces: {
      ...steps.ctx.namespaces,
      source: source ? sourceNamespace(source, onSourceUse) : noSource,
      build: buildNamespace(steps.buildName),
    },
  };
}

/**
 * One provisioner or post-processor block. It is evaluated for the build's first source; when it
 * reads source.* and the build has several sources, it is evaluated once per source, and each copy
 * runs only for its own source (so `${source.name}` is right for each, as in Packer).
 */
function stepBlock(
  block: Block,
  kind: "provisioner" | "post-processor",
  schemas: Record<string, BlockSchema>,
  steps: StepContext,
  inputs: BuildInputs,
  sourceRefs: Map<string, string[]>,
): ProvisionerConfig[] {
  let readsSource = false;
  const first = evaluateStep(block, kind, schemas, stepContext(steps, steps.sources[0], () => (readsSource = true)), inputs.diagnostics, inputs, sourceRefs);
  if (!first || !readsSource || steps.sources.length < 2) return first ? [first] : [];
  // The other sources' copies: problems were reported by the first evaluation already.
  const quiet = new Diagnostics();
  return steps.sources.flatMap((source, index) => {
    const config = index === 0 ? first : evaluateStep(block, kind, schemas, stepContext(steps, source, () => {}), quiet, inputs, sourceRefs);
    if (!config || !appliesTo(config, source)) return [];
    const copy: ProvisionerConfig = { ...config, only: [`${source.type}.${source.name}`] };
    delete copy.except;
    return [copy];
  });
}

function evaluateStep(
  block: Block,
  kind: "provisioner" | "post-processor",
  schemas: Record<string, BlockSchema>,
  ctx: EvalContext,
  diagnostics: Diagnostics,
  inputs: BuildInputs,
  sourceRefs: Map<string, string[]>,
): ProvisionerConfig | undefined {
  const type = block.labels[0];
  if (block.labels.length !== 1 || !type) {
    diagnostics.add(new TemplateError(`a ${kind} block needs one label: ${kind} "type" { … }`, block.pos));
    return undefined;
  }
  const schema = schemas[type];
  if (!schema) {
    diagnostics.add(
      new TemplateError(`unsupported ${kind} type "${type}"`, block.pos, undefined, didYouMean(type, Object.keys(schemas)) ?? "docs/packer-support.md lists the types roll accepts"),
    );
    return undefined;
  }
  if (schema.open) diagnostics.warn(new TemplateError(notRunWarning(kind, type), block.pos));
  const evaluated = evaluateBody(block.body, schema, { ctx, diagnostics, reserved: ["only", "except"] });
  checkRules(evaluated, schema, block.pos, diagnostics);
  checkLocalFiles(evaluated, schema, inputs.root, diagnostics);
  const config: ProvisionerConfig = { type, name: "", position: block.pos, ...evaluated };
  if (kind === "post-processor" && typeof evaluated.fields.name === "string") config.name = evaluated.fields.name;
  const only = stringList(block.body, "only", ctx, diagnostics);
  const except = stringList(block.body, "except", ctx, diagnostics);
  if (only && except) diagnostics.add(new TemplateError(`${kind} "${type}": only and except cannot both be set`, except.pos, "except"));
  for (const [field, list] of [["only", only], ["except", except]] as const) {
    if (!list) continue;
    const resolved = new Set<string>();
    for (const entry of list.values) {
      const finals = sourceRefs.get(entry.replace(/^source\./, ""));
      finals?.forEach((final) => resolved.add(final));
      if (!finals) {
        // Packer does not check these names: one that matches no source of this build simply never
        // matches. A warning still points at a likely typo.
        resolved.add(entry);
        diagnostics.warn(
          new TemplateError(
            `${kind} "${type}": ${field} names "${entry}", which is not a source of this build`,
            list.pos,
            field,
            didYouMean(entry, sourceRefs.keys()) ?? `sources of this build: ${[...sourceRefs.keys()].join(", ") || "none"}`,
          ),
        );
      }
    }
    // Stored as the final "<type>.<name>" of each source, so appliesTo needs no renaming table.
    config[field] = [...resolved];
    config.fieldPositions[field] = list.pos;
  }
  return config;
}

/** Packer's only/except: does this provisioner or post-processor run for the source? */
export function appliesTo(step: ProvisionerConfig, source: BlockConfig): boolean {
  const ref = `${source.type}.${source.name}`;
  if (step.only) return step.only.includes(ref);
  if (step.except) return !step.except.includes(ref);
  return true;
}
