// Parses HCL with the tree-sitter HCL grammar (web-tree-sitter, wasm: no native build), then converts
// the concrete tree to our AST while it is still in memory. Syntax errors (ERROR / MISSING nodes) are
// returned as TemplateErrors with line and column.

import { createRequire } from "node:module";
import path from "node:path";
import { Language, Parser } from "web-tree-sitter";
import type { Node } from "web-tree-sitter";
import { TemplateError } from "../diagnostics.js";
import type { Body } from "./ast.js";
import { convertBody } from "./convert.js";

let parserPromise: Promise<Parser> | undefined;
let loadedParser: Parser | undefined;

function grammarPath(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@tree-sitter-grammars/tree-sitter-hcl/package.json");
  return path.join(path.dirname(packageJson), "tree-sitter-hcl.wasm");
}

async function createParser(): Promise<Parser> {
  await Parser.init();
  const language = await Language.load(grammarPath());
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Loads the wasm grammar once per process; parseHclSync works after this resolved. */
export async function loadHclParser(): Promise<void> {
  parserPromise ??= createParser();
  loadedParser = await parserPromise;
}

export interface ParsedFile {
  body: Body;
  syntaxErrors: TemplateError[];
}

export async function parseHcl(source: string, file: string): Promise<ParsedFile> {
  await loadHclParser();
  return parseHclSync(source, file);
}

export function parseHclSync(source: string, file: string): ParsedFile {
  const parser = loadedParser;
  if (!parser) throw new Error("parseHclSync called before loadHclParser()");
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${file}`);
  try {
    const root = tree.rootNode;
    const syntaxErrors = collectSyntaxErrors(root, source, file);
    if (syntaxErrors.length > 0) return { body: { items: [], pos: { file, line: 1, column: 1 } }, syntaxErrors };
    const bodyNode = root.namedChildren.find((child) => child?.type === "body");
    if (root.namedChildren.some((child) => child?.type === "object")) {
      throw new TemplateError("expected HCL blocks and attributes, found a JSON object", { file, line: 1, column: 1 });
    }
    const body = bodyNode ? convertBody(bodyNode, source, file) : { items: [], pos: { file, line: 1, column: 1 } };
    return { body, syntaxErrors: [] };
  } finally {
    tree.delete();
  }
}

function collectSyntaxErrors(root: Node, source: string, file: string): TemplateError[] {
  const errors: TemplateError[] = [];
  const visit = (node: Node): void => {
    if (node.isMissing) {
      const what = node.isNamed ? node.type.replace(/_/g, " ") : `"${node.type}"`;
      errors.push(new TemplateError(`syntax error: missing ${what}${after(node, source)}`, positionOf(node, file)));
      return;
    }
    if (node.isError) {
      const text = firstLine(node.text);
      errors.push(new TemplateError(`syntax error: unexpected ${text ? `"${text}"` : "end of file"}`, positionOf(node, file)));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return errors;
}

function after(node: Node, source: string): string {
  const before = source.slice(0, node.startIndex).trimEnd();
  const lastLine = before.slice(before.lastIndexOf("\n") + 1).trim();
  return lastLine ? ` after "${lastLine.length > 40 ? `…${lastLine.slice(-40)}` : lastLine}"` : "";
}

function firstLine(text: string): string {
  const line = text.split("\n")[0]!.trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

export function positionOf(node: Node, file: string) {
  return { file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}
