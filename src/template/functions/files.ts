// File-system functions: file(), templatefile(), env() and path helpers. Relative paths resolve
// against the working directory, as in Packer (use path.root for template-relative paths).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { TemplateError } from "../diagnostics.js";
import { evaluate } from "../eval/evaluate.js";
import { toObject, toText } from "../eval/values.js";
import { parseHclSync } from "../syntax/parser.js";
import type { EvalContext } from "../eval/context.js";
import type { SourcePosition, Value } from "../types.js";
import type { FunctionTable } from "./types.js";

function readText(file: string, pos: SourcePosition, ctx: EvalContext, fn: string): { text: string; absolute: string } {
  const absolute = path.resolve(ctx.cwd, file);
  try {
    return { text: readFileSync(absolute, "utf8"), absolute };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TemplateError(`${fn}(): cannot read "${file}"${code === "ENOENT" ? ": no such file" : `: ${code ?? (error as Error).message}`}`, pos, undefined, "relative paths are resolved from the working directory; use path.root for files beside the template");
  }
}

function templatefile(fileArg: Value, varsArg: Value, pos: SourcePosition, ctx: EvalContext): Value {
  const { text, absolute } = readText(toText(fileArg, pos), pos, ctx, "templatefile");
  const vars = toObject(varsArg, pos, "templatefile() variables");
  // The file is a template on its own: parse it as the body of a heredoc, which has exactly the
  // template rules (interpolations and directives, no backslash escapes).
  const marker = `ROLL_TEMPLATEFILE_${Math.random().toString(36).slice(2)}`;
  const addedNewline = !text.endsWith("\n");
  const source = `value = <<${marker}\n${text}${addedNewline ? "\n" : ""}${marker}\n`;
  const shift = (error: TemplateError) =>
    new TemplateError(`${error.message} (in templatefile "${fileArg as string}")`, { ...error.pos, line: error.pos.line - 1 }, error.field, error.hint);
  const parsed = parseHclSync(source, absolute);
  if (parsed.syntaxErrors.length > 0) throw shift(parsed.syntaxErrors[0]!);
  const attribute = parsed.body.items[0];
  if (!attribute || attribute.kind !== "attribute") throw new TemplateError(`templatefile(): cannot read "${fileArg as string}" as a template`, pos);
  const scope: EvalContext = { ...ctx, namespaces: {}, bindings: new Map(Object.entries(vars)), allowEnv: false };
  try {
    const result = toText(evaluate(attribute.expr, scope), pos, "templatefile() result");
    return addedNewline ? result.slice(0, -1) : result;
  } catch (error) {
    throw error instanceof TemplateError ? shift(error) : error;
  }
}

export const fileFunctions: FunctionTable = {
  file: { min: 1, max: 1, call: ([file], pos, ctx) => readText(toText(file!, pos), pos, ctx, "file").text },
  fileexists: { min: 1, max: 1, call: ([file], pos, ctx) => existsSync(path.resolve(ctx.cwd, toText(file!, pos))) },
  templatefile: { min: 2, max: 2, call: ([file, vars], pos, ctx) => templatefile(file!, vars!, pos, ctx) },
  abspath: { min: 1, max: 1, call: ([file], pos, ctx) => path.resolve(ctx.cwd, toText(file!, pos)) },
  basename: { min: 1, max: 1, call: ([file], pos) => path.basename(toText(file!, pos)) },
  dirname: { min: 1, max: 1, call: ([file], pos) => path.dirname(toText(file!, pos)) },
  env: {
    min: 1,
    max: 1,
    call: ([name], pos, ctx) => {
      if (!ctx.allowEnv) {
        throw new TemplateError("env() can only be used in variable defaults", pos, undefined, 'declare a variable with default = env("NAME") and use var.NAME');
      }
      return ctx.env[toText(name!, pos)] ?? "";
    },
  },
};
