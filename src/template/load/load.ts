// Reads a template (file or folder) into an ImageTemplate, collecting every problem as a diagnostic.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { isRollError } from "../../engine/errors.js";
import { Diagnostics, TemplateError } from "../diagnostics.js";
import { dataSchemas } from "../schema/index.js";
import type { EvalContext } from "../eval/context.js";
import { leafStrings } from "../eval/values.js";
import { createRedactor, type Redactor } from "../../engine/redact.js";
import type { Block } from "../syntax/ast.js";
import { loadHclParser } from "../syntax/parser.js";
import { parseTemplateFile } from "./template-file.js";
import type { BlockConfig, ImageTemplate, LoadOptions, SourcePosition, TemplateDiagnostic, Value } from "../types.js";
import { evaluateBody, type EvaluatedFields } from "./blocks.js";
import { evaluateBuild } from "./builds.js";
import { displayPath, findTemplateFiles } from "./files.js";
import { outsideSteps, packerNamespace } from "./contextual.js";
import { Locals } from "./locals.js";
import { checkPackerBlock } from "./packer-block.js";
import { dataNamespace, declareData, declareSources, evaluateDataBlock, nullDataOutputs, type DataOutputs, type DeclaredSource } from "./sources.js";
import { didYouMean } from "./suggest.js";
import { declareVariables, readVarFile, resolveVariables, variableNamespace, type AssignedValue } from "./variables.js";

const TOP_LEVEL = ["packer", "variable", "locals", "local", "source", "data", "build"];

export interface CheckResult {
  template?: ImageTemplate;
  diagnostics: TemplateDiagnostic[];
  /** Shown but never a reason to fail; kept also when there are errors. */
  warnings: TemplateDiagnostic[];
}

function notHere(what: string, hint: string) {
  return (_path: string[], pos: SourcePosition): Value => {
    throw new TemplateError(`${what} cannot be used here`, pos, undefined, hint);
  };
}

export async function checkTemplateAt(target: string, options: LoadOptions = {}): Promise<CheckResult> {
  const diagnostics = new Diagnostics();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  await loadHclParser();

  let files;
  try {
    files = await findTemplateFiles(target, cwd);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    diagnostics.add(error);
    return { diagnostics: diagnostics.list, warnings: [] };
  }

  // 1. Parse every file; syntax errors stop here (evaluating a broken tree only adds noise).
  const topLevel: Block[] = [];
  for (const file of files.templates) {
    const shown = displayPath(file, cwd);
    const parsed = await parseTemplateFile(file, shown).catch((error: unknown) => {
      if (error instanceof TemplateError) return { body: { items: [], pos: error.pos }, syntaxErrors: [error] };
      throw error;
    });
    parsed.syntaxErrors.forEach((error) => diagnostics.add(error));
    for (const item of parsed.body.items) {
      if (item.kind === "attribute") {
        diagnostics.add(new TemplateError(`unexpected attribute "${item.name}" at the top level of a template`, item.pos, item.name, "top-level attributes belong in var files (*.pkrvars.hcl)"));
      } else if (!TOP_LEVEL.includes(item.type)) {
        diagnostics.add(new TemplateError(`unknown block type "${item.type}"`, item.pos, item.type, didYouMean(item.type, TOP_LEVEL) ?? `a template has ${TOP_LEVEL.join(", ")} blocks`));
      } else {
        topLevel.push(item);
      }
    }
  }
  const shownFiles = files.templates.map((file) => displayPath(file, cwd));
  // A message may quote a value (a failed function call, a type error): once the sensitive values
  // are known, every message and hint goes out redacted, whatever produced it.
  let redact: Redactor = (text) => text;
  const redacted = (list: TemplateDiagnostic[]) =>
    list.map((d) => ({ ...d, message: redact(d.message), ...(d.hint !== undefined ? { hint: redact(d.hint) } : {}) }));
  const finish = (template?: ImageTemplate): CheckResult => ({
    ...(template ? { template } : {}),
    diagnostics: redacted(inFileOrder(diagnostics.list, shownFiles)),
    warnings: redacted(inFileOrder(diagnostics.warnings, shownFiles)),
  });
  if (!diagnostics.empty) return finish();
  const ofType = (type: string) => topLevel.filter((block) => block.type === type);

  // 2. Variables: declarations, then values from every source in precedence order.
  const literalCtx: EvalContext = {
    namespaces: {
      var: notHere("var", "variable defaults and var files hold constant values"),
      local: notHere("local", "variable defaults and var files hold constant values"),
      data: notHere("data", "variable defaults and var files hold constant values"),
    },
    bindings: new Map(),
    allowEnv: false,
    env,
    cwd,
    now,
  };
  const declared = declareVariables(ofType("variable"), diagnostics, literalCtx);
  const assigned: AssignedValue[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith("PKR_VAR_") || env[name] === undefined) continue;
    const variable = name.slice("PKR_VAR_".length);
    assigned.push({ name: variable, value: { raw: env[name]! }, pos: { file: name, line: 0, column: 0 }, origin: `environment variable ${name}`, mustBeDeclared: false });
  }
  for (const file of [...files.autoVarFiles, ...(options.varFiles ?? []).map((file) => path.resolve(cwd, file))]) {
    const shown = displayPath(file, cwd);
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) {
      diagnostics.add(new TemplateError(`var file not found: ${shown}`, { file: shown, line: 0, column: 0 }));
      continue;
    }
    assigned.push(...readVarFile(shown, text, diagnostics, literalCtx));
  }
  for (const [name, raw] of Object.entries(options.vars ?? {})) {
    assigned.push({ name, value: { raw }, pos: { file: `--var ${name}`, line: 0, column: 0 }, origin: "--var", mustBeDeclared: true });
  }
  const variables = resolveVariables(declared, assigned, diagnostics, literalCtx, { ...literalCtx, allowEnv: true });
  const isSensitive = (name: string) => declared.get(name)?.sensitive === true;
  redact = createRedactor([
    ...[...variables.values()].flatMap((value) => (value !== "failed" && value.sensitive ? leafStrings(value.value) : [])),
    // Raw inputs too: a value that failed its type conversion is not in `variables`.
    ...assigned.filter((entry) => isSensitive(entry.name)).flatMap((entry) => ("raw" in entry.value ? [entry.value.raw] : leafStrings(entry.value.value))),
  ]);

  // 3. The full context: var, local, path, data, build.
  const locals = new Locals(diagnostics);
  locals.declare(ofType("locals"), ofType("local"));
  const data = declareData(ofType("data"), diagnostics);
  const resolvedData = new Map<string, DataOutputs>();
  const ctx: EvalContext = {
    namespaces: {
      var: variableNamespace(variables),
      local: locals.resolve,
      path: (names, pos) => {
        const known: Record<string, string> = { root: files.root, cwd };
        const name = names[0];
        if (names.length !== 1 || !name || !(name in known)) throw new TemplateError("path has root and cwd: path.root, path.cwd", pos);
        return known[name]!;
      },
      data: dataNamespace(data, resolvedData),
      packer: packerNamespace(),
      source: outsideSteps("source"),
      build: outsideSteps("build"),
    },
    bindings: new Map(),
    allowEnv: false,
    env,
    cwd,
    now,
  };
  locals.ctx = ctx;

  // 4. Data sources, sources, builds.
  // Data sources in declaration order, each looked up before the next is evaluated (so one may use another).
  const dataSources: BlockConfig[] = [];
  for (const declared of data.values()) {
    const { config, ok } = evaluateDataBlock(declared, ctx, diagnostics);
    dataSources.push(config);
    const resolve = declared.type === "null" ? async (block: BlockConfig) => nullDataOutputs(block) : dataSchemas[declared.type]?.schema.open ? undefined : options.resolveData;
    if (!ok || !resolve) continue;
    try {
      resolvedData.set(`${declared.type}.${declared.name}`, await resolve(config));
    } catch (error) {
      // The cloud failing is not a template problem: it keeps its own code and exit status.
      if (isRollError(error) && error.fault !== "user") throw error;
      diagnostics.add(new TemplateError(`data "${declared.type}" "${declared.name}": ${(error as Error).message}`, declared.block.pos));
    }
  }
  const sources = declareSources(ofType("source"), diagnostics);
  const evaluatedSources = new Map<DeclaredSource, EvaluatedFields>();
  const evaluatedSource = (source: DeclaredSource): EvaluatedFields => {
    let evaluated = evaluatedSources.get(source);
    if (!evaluated) {
      evaluated = evaluateBody(source.block.body, source.schema!, { ctx, diagnostics });
      evaluatedSources.set(source, evaluated);
    }
    return evaluated;
  };
  const builds = ofType("build").map((block, index) => evaluateBuild(block, index, { sources, evaluatedSource, ctx, diagnostics, root: files.root }));
  // Unused sources are still checked, so a typo never hides until the day they are used.
  for (const source of sources.values()) evaluatedSource(source);
  const localValues = locals.evaluateAll();
  for (const block of ofType("packer")) checkPackerBlock(block, literalCtx, diagnostics);
  if (builds.length === 0) diagnostics.add(new TemplateError("the template has no build block", { file: displayPath(files.templates[0]!, cwd), line: 1, column: 1 }, undefined, 'add build { sources = ["source.<type>.<name>"] }'));

  if (!diagnostics.empty) return finish();

  const variableValues = Object.fromEntries([...variables].flatMap(([name, value]) => (value === "failed" ? [] : [[name, value]])));
  const sensitiveValues = [
    ...[...Object.values(variableValues), ...Object.values(localValues)].filter((entry) => entry.sensitive).map((entry) => entry.value),
    ...[...resolvedData.values()].filter((entry) => entry.sensitive).map((entry) => entry.outputs as Value),
  ]
    .flatMap((value) => leafStrings(value))
    .filter((value) => value !== "");
  redact = createRedactor([...sensitiveValues, ...assigned.filter((entry) => isSensitive(entry.name) && "raw" in entry.value).map((entry) => (entry.value as { raw: string }).raw)]);
  const template: ImageTemplate = {
    files: files.templates,
    root: files.root,
    variables: variableValues,
    builds,
    sensitiveValues: [...new Set(sensitiveValues)],
    locals: localValues,
    dataSources,
    warnings: inFileOrder(diagnostics.warnings, shownFiles),
  };
  return finish(template);
}

/**
 * Problems in the order a reader meets them: inputs from outside the template (command line,
 * environment, var files) first, then template files in load order, by line and column.
 */
function inFileOrder(list: TemplateDiagnostic[], templateFiles: string[]): TemplateDiagnostic[] {
  const rank = (diagnostic: TemplateDiagnostic) => templateFiles.indexOf(diagnostic.file);
  return list
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => rank(a.diagnostic) - rank(b.diagnostic) || a.diagnostic.line - b.diagnostic.line || a.diagnostic.column - b.diagnostic.column || a.index - b.index)
    .map(({ diagnostic }) => diagnostic);
}
