// Quoted strings and heredocs. Literal text is taken from the source between the structural parts
// (interpolations, directives), because the grammar's literal tokens leave out whitespace. Escapes,
// `<<-` indentation stripping and `~` strip markers are applied here, once, at parse time.

import type { Node } from "web-tree-sitter";
import { TemplateError } from "../diagnostics.js";
import type { Expr, TemplatePart } from "./ast.js";
import { kids, type ConvertContext } from "./convert.js";

type ExpressionConverter = (node: Node, ctx: ConvertContext) => Expr;

interface LiteralSlicer {
  (start: number, end: number): string;
}

/** string_lit, quoted_template or heredoc_template -> a literal (when there is nothing to evaluate) or a template. */
export function convertTemplate(node: Node, ctx: ConvertContext, expressionFrom: ExpressionConverter): Expr {
  const here = { file: ctx.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  const children = kids(node);
  let start: number;
  let end: number;
  let slice: LiteralSlicer;
  if (node.type === "heredoc_template") {
    const markers = children.filter((child) => child.type === "heredoc_identifier");
    const opener = markers[0]!;
    const closer = markers[markers.length - 1]!;
    const newline = ctx.source.indexOf("\n", opener.endIndex);
    start = newline < 0 ? opener.endIndex : newline + 1;
    end = ctx.source.lastIndexOf("\n", closer.startIndex - 1) + 1;
    if (end < start) end = start;
    const indented = kids(children[0]!)[0]?.type === "<<-";
    const strip = indented ? commonIndent(ctx.source.slice(start, end)) : 0;
    slice = (a, b) => unescapeTemplateMarkers(dedent(ctx.source, a, b, start, strip));
  } else {
    start = children[0]!.endIndex;
    end = children[children.length - 1]!.startIndex;
    slice = (a, b) => unescapeQuoted(ctx.source.slice(a, b), here);
  }
  const structural = children.filter((child) => child.type === "template_interpolation" || child.type === "template_directive");
  const parts = partsBetween(structural, start, end, slice, ctx, expressionFrom);
  if (parts.length === 0) return { kind: "literal", value: "", pos: here };
  if (parts.length === 1 && parts[0]!.kind === "literal") return { kind: "literal", value: parts[0]!.text, pos: here };
  return { kind: "template", parts, pos: here };
}

interface Piece {
  part: TemplatePart;
  /** `~` on the left of this structural part: trim trailing whitespace of the literal before it. */
  trimBefore?: boolean;
  /** `~` on the right: trim leading whitespace of the literal after it. */
  trimAfter?: boolean;
}

function partsBetween(
  structural: Node[],
  start: number,
  end: number,
  slice: LiteralSlicer,
  ctx: ConvertContext,
  expressionFrom: ExpressionConverter,
  trimFirst = false,
  trimLast = false,
): TemplatePart[] {
  const pieces: Piece[] = [];
  let cursor = start;
  for (const node of structural) {
    if (node.startIndex > cursor) pieces.push({ part: { kind: "literal", text: slice(cursor, node.startIndex) } });
    pieces.push(structuralPiece(node, slice, ctx, expressionFrom));
    cursor = node.endIndex;
  }
  if (end > cursor) pieces.push({ part: { kind: "literal", text: slice(cursor, end) } });

  const parts: TemplatePart[] = [];
  pieces.forEach((piece, index) => {
    if (piece.part.kind !== "literal") {
      parts.push(piece.part);
      return;
    }
    let text = piece.part.text;
    const before = pieces[index - 1];
    const next = pieces[index + 1];
    if ((index === 0 && trimFirst) || before?.trimAfter) text = text.replace(/^\s+/, "");
    if ((index === pieces.length - 1 && trimLast) || next?.trimBefore) text = text.replace(/\s+$/, "");
    if (text) parts.push({ kind: "literal", text });
  });
  return parts;
}

function structuralPiece(node: Node, slice: LiteralSlicer, ctx: ConvertContext, expressionFrom: ExpressionConverter): Piece {
  const here = { file: ctx.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  if (node.type === "template_interpolation") {
    const children = kids(node);
    const exprIndex = children.findIndex((child) => child.type === "expression");
    if (exprIndex < 0) throw new TemplateError("empty interpolation ${}", here);
    return {
      part: { kind: "interpolation", expr: expressionFrom(children[exprIndex]!, ctx) },
      trimBefore: children.slice(0, exprIndex).some((child) => child.type === "strip_marker"),
      trimAfter: children.slice(exprIndex + 1).some((child) => child.type === "strip_marker"),
    };
  }
  const directive = kids(node)[0]!;
  const children = kids(directive);
  const markers = children.filter((child) =>
    ["template_if_intro", "template_else_intro", "template_if_end", "template_for_start", "template_for_end"].includes(child.type),
  );
  const content = (from: Node, to: Node): TemplatePart[] => {
    const inner = children.filter(
      (child) =>
        child.startIndex >= from.endIndex &&
        child.endIndex <= to.startIndex &&
        (child.type === "template_interpolation" || child.type === "template_directive"),
    );
    return partsBetween(inner, from.endIndex, to.startIndex, slice, ctx, expressionFrom, stripsAfter(from), stripsBefore(to));
  };
  const first = markers[0]!;
  const last = markers[markers.length - 1]!;
  const firstExpr = kids(first).find((child) => child.type === "expression")!;
  if (directive.type === "template_if") {
    const elseMarker = markers.find((marker) => marker.type === "template_else_intro");
    return {
      part: {
        kind: "if",
        cond: expressionFrom(firstExpr, ctx),
        then: content(first, elseMarker ?? last),
        else: elseMarker ? content(elseMarker, last) : [],
        pos: here,
      },
      trimBefore: stripsBefore(first),
      trimAfter: stripsAfter(last),
    };
  }
  const names = kids(first)
    .filter((child) => child.type === "identifier")
    .map((child) => child.text);
  return {
    part: {
      kind: "for",
      keyVar: names.length === 2 ? names[0] : undefined,
      valueVar: names[names.length - 1]!,
      collection: expressionFrom(firstExpr, ctx),
      body: content(first, last),
      pos: here,
    },
    trimBefore: stripsBefore(first),
    trimAfter: stripsAfter(last),
  };
}

/** `%{~ if …}`: a strip marker right after the directive start. */
function stripsBefore(marker: Node): boolean {
  return kids(marker)[1]?.type === "strip_marker";
}

/** `%{ … ~}`: a strip marker right before the directive end. */
function stripsAfter(marker: Node): boolean {
  const children = kids(marker);
  return children[children.length - 2]?.type === "strip_marker";
}

function commonIndent(content: string): number {
  let smallest = Infinity;
  for (const line of content.split("\n")) {
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    smallest = Math.min(smallest, indent);
  }
  return smallest === Infinity ? 0 : smallest;
}

/** Source text from a to b with up to `strip` leading whitespace characters removed at each line start. */
function dedent(source: string, a: number, b: number, contentStart: number, strip: number): string {
  if (strip === 0) return source.slice(a, b);
  let out = "";
  let index = a;
  while (index < b) {
    const atLineStart = index === contentStart || source[index - 1] === "\n";
    if (atLineStart) {
      let skipped = 0;
      while (skipped < strip && index < b && (source[index] === " " || source[index] === "\t")) {
        index++;
        skipped++;
      }
      if (index >= b) break;
    }
    out += source[index];
    index++;
  }
  return out;
}

function unescapeTemplateMarkers(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

function unescapeQuoted(text: string, here: { file: string; line: number; column: number }): string {
  let out = "";
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === "$" && text.startsWith("$${", index)) {
      out += "${";
      index += 2;
    } else if (char === "%" && text.startsWith("%%{", index)) {
      out += "%{";
      index += 2;
    } else if (char === "\\") {
      const next = text[index + 1];
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (next !== undefined && next in simple) {
        out += simple[next];
        index++;
      } else if (next === "u" || next === "U") {
        const length = next === "u" ? 4 : 8;
        const hex = text.slice(index + 2, index + 2 + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) {
          throw new TemplateError(`invalid escape "\\${next}${hex}" in string`, here);
        }
        out += String.fromCodePoint(parseInt(hex, 16));
        index += 1 + length;
      } else {
        throw new TemplateError(`invalid escape "\\${next ?? ""}" in string`, here, undefined, 'use "\\\\" for a backslash');
      }
    } else {
      out += char;
    }
  }
  return out;
}
