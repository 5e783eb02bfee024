// Converts tree-sitter's concrete HCL tree into our AST. The grammar inlines expression terms, so a
// term arrives as a flat run of siblings: a primary node followed by get_attr / index / splat nodes.

import type { Node } from "web-tree-sitter";
import { TemplateError } from "../diagnostics.js";
import type { SourcePosition } from "../types.js";
import type { Attribute, Block, Body, Expr, ObjectItem, TraversalStep } from "./ast.js";
import { convertTemplate } from "./template-parts.js";

const BINARY_OPERATORS = new Set(["*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"]);

export interface ConvertContext {
  source: string;
  file: string;
}

export function convertBody(node: Node, source: string, file: string): Body {
  return bodyFrom(node, { source, file });
}

function pos(node: Node, ctx: ConvertContext): SourcePosition {
  return { file: ctx.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Children without comments (comments are "extras" and may appear anywhere). */
export function kids(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null && child.type !== "comment");
}

function bodyFrom(node: Node, ctx: ConvertContext): Body {
  const items: (Attribute | Block)[] = [];
  for (const child of kids(node)) {
    if (child.type === "attribute") items.push(attributeFrom(child, ctx));
    else if (child.type === "block") items.push(blockFrom(child, ctx));
  }
  return { items, pos: pos(node, ctx) };
}

function attributeFrom(node: Node, ctx: ConvertContext): Attribute {
  const children = kids(node);
  const name = children[0]!.text;
  const exprNode = children.find((child) => child.type === "expression")!;
  return { kind: "attribute", name, expr: expressionFrom(exprNode, ctx), pos: pos(node, ctx), text: exprNode.text };
}

function blockFrom(node: Node, ctx: ConvertContext): Block {
  const children = kids(node);
  const type = children[0]!.text;
  const labels: string[] = [];
  let body: Body = { items: [], pos: pos(node, ctx) };
  for (const child of children.slice(1)) {
    if (child.type === "identifier") labels.push(child.text);
    else if (child.type === "string_lit") labels.push(labelText(child, ctx));
    else if (child.type === "body") body = bodyFrom(child, ctx);
  }
  return { kind: "block", type, labels, body, pos: pos(node, ctx) };
}

function labelText(node: Node, ctx: ConvertContext): string {
  const expr = convertTemplate(node, ctx, expressionFrom);
  if (expr.kind === "literal" && typeof expr.value === "string") return expr.value;
  throw new TemplateError("block labels must be plain strings", pos(node, ctx));
}

export function expressionFrom(node: Node, ctx: ConvertContext): Expr {
  const children = kids(node);
  if (children.length === 1 && children[0]!.type === "conditional") return conditionalFrom(children[0]!, ctx);
  return termFrom(children, ctx);
}

function conditionalFrom(node: Node, ctx: ConvertContext): Expr {
  const [cond, then, otherwise] = kids(node).filter((child) => child.type === "expression");
  return {
    kind: "conditional",
    cond: expressionFrom(cond!, ctx),
    then: expressionFrom(then!, ctx),
    else: expressionFrom(otherwise!, ctx),
    pos: pos(node, ctx),
  };
}

/** A primary (or a parenthesised expression) followed by attribute, index and splat steps. */
function termFrom(nodes: Node[], ctx: ConvertContext): Expr {
  if (nodes.length === 0) throw new Error("empty expression term");
  let rest: Node[];
  let expr: Expr;
  if (nodes[0]!.type === "(") {
    expr = expressionFrom(nodes[1]!, ctx);
    rest = nodes.slice(3);
  } else {
    expr = primaryFrom(nodes[0]!, ctx);
    rest = nodes.slice(1);
  }
  for (const step of rest) {
    const stepPos = pos(step, ctx);
    if (step.type === "get_attr") {
      expr = { kind: "getattr", target: expr, name: kids(step)[1]!.text, pos: stepPos };
    } else if (step.type === "index") {
      expr = { kind: "index", target: expr, key: indexKey(step, ctx), pos: stepPos };
    } else if (step.type === "splat") {
      const splat = kids(step)[0]!;
      const steps: TraversalStep[] = kids(splat)
        .slice(1)
        .map((inner) =>
          inner.type === "get_attr"
            ? { kind: "attr", name: kids(inner)[1]!.text, pos: pos(inner, ctx) }
            : { kind: "index", key: indexKey(inner, ctx), pos: pos(inner, ctx) },
        );
      expr = { kind: "splat", target: expr, steps, pos: stepPos };
    } else {
      throw new TemplateError(`unexpected "${step.text}" in expression`, stepPos);
    }
  }
  return expr;
}

function indexKey(node: Node, ctx: ConvertContext): Expr {
  const inner = kids(node)[0]!;
  if (inner.type === "legacy_index") {
    return { kind: "literal", value: Number(inner.text.replace(/^\./, "")), pos: pos(inner, ctx) };
  }
  return expressionFrom(kids(inner).find((child) => child.type === "expression")!, ctx);
}

function primaryFrom(node: Node, ctx: ConvertContext): Expr {
  const here = pos(node, ctx);
  switch (node.type) {
    case "expression":
      return expressionFrom(node, ctx);
    case "literal_value":
      return literalFrom(kids(node)[0]!, ctx);
    case "template_expr":
      return convertTemplate(kids(node)[0]!, ctx, expressionFrom);
    case "collection_value":
      return collectionFrom(kids(node)[0]!, ctx);
    case "variable_expr":
      return { kind: "variable", name: node.text, pos: here };
    case "function_call":
      return callFrom(node, ctx);
    case "for_expr":
      return forFrom(kids(node)[0]!, ctx);
    case "operation":
      return operationFrom(kids(node)[0]!, ctx);
    default:
      throw new TemplateError(`unexpected "${node.text}" in expression`, here);
  }
}

function literalFrom(node: Node, ctx: ConvertContext): Expr {
  const here = pos(node, ctx);
  switch (node.type) {
    case "numeric_lit": {
      const value = Number(node.text);
      if (!Number.isFinite(value)) throw new TemplateError(`invalid number "${node.text}"`, here);
      return { kind: "literal", value, pos: here };
    }
    case "bool_lit":
      return { kind: "literal", value: node.text === "true", pos: here };
    case "null_lit":
      return { kind: "literal", value: null, pos: here };
    default:
      return convertTemplate(node, ctx, expressionFrom);
  }
}

function collectionFrom(node: Node, ctx: ConvertContext): Expr {
  const here = pos(node, ctx);
  if (node.type === "tuple") {
    const items = kids(node)
      .filter((child) => child.type === "expression")
      .map((child) => expressionFrom(child, ctx));
    return { kind: "tuple", items, pos: here };
  }
  const items: ObjectItem[] = kids(node)
    .filter((child) => child.type === "object_elem")
    .map((elem) => {
      const keyNode = elem.childForFieldName("key")!;
      const valueNode = elem.childForFieldName("val")!;
      return { key: objectKeyFrom(keyNode, ctx), value: expressionFrom(valueNode, ctx) };
    });
  return { kind: "object", items, pos: here };
}

function objectKeyFrom(node: Node, ctx: ConvertContext): Expr {
  const children = kids(node);
  // A bare identifier is the key's name, not a variable reference (HCL's rule).
  if (children.length === 1 && children[0]!.type === "variable_expr") {
    return { kind: "literal", value: children[0]!.text, pos: pos(node, ctx) };
  }
  return expressionFrom(node, ctx);
}

function callFrom(node: Node, ctx: ConvertContext): Expr {
  const children = kids(node);
  const argsNode = children.find((child) => child.type === "function_arguments");
  const argNodes = argsNode ? kids(argsNode) : [];
  return {
    kind: "call",
    name: children[0]!.text,
    args: argNodes.filter((child) => child.type === "expression").map((child) => expressionFrom(child, ctx)),
    expandLast: argNodes.some((child) => child.type === "ellipsis"),
    pos: pos(node, ctx),
  };
}

function forFrom(node: Node, ctx: ConvertContext): Expr {
  const children = kids(node);
  const intro = kids(children.find((child) => child.type === "for_intro")!);
  const names = intro.filter((child) => child.type === "identifier").map((child) => child.text);
  const collection = expressionFrom(intro.find((child) => child.type === "expression")!, ctx);
  const [keyVar, valueVar] = names.length === 2 ? [names[0], names[1]!] : [undefined, names[0]!];
  const exprs = children.filter((child) => child.type === "expression").map((child) => expressionFrom(child, ctx));
  const condNode = children.find((child) => child.type === "for_cond");
  const cond = condNode ? expressionFrom(kids(condNode).find((child) => child.type === "expression")!, ctx) : undefined;
  const here = pos(node, ctx);
  if (node.type === "for_tuple_expr") {
    return { kind: "forTuple", keyVar, valueVar, collection, value: exprs[0]!, cond, pos: here };
  }
  return {
    kind: "forObject",
    keyVar,
    valueVar,
    collection,
    key: exprs[0]!,
    value: exprs[1]!,
    group: children.some((child) => child.type === "ellipsis"),
    cond,
    pos: here,
  };
}

function operationFrom(node: Node, ctx: ConvertContext): Expr {
  const children = kids(node);
  const here = pos(node, ctx);
  if (node.type === "unary_operation") {
    return { kind: "unary", op: children[0]!.type as "-" | "!", operand: termFrom(children.slice(1), ctx), pos: here };
  }
  // The operator is the first unnamed operator token after the left term (parentheses are "(" / ")").
  const opIndex = children.findIndex((child, index) => index > 0 && !child.isNamed && BINARY_OPERATORS.has(child.type));
  return {
    kind: "binary",
    op: children[opIndex]!.type,
    left: termFrom(children.slice(0, opIndex), ctx),
    right: termFrom(children.slice(opIndex + 1), ctx),
    pos: here,
  };
}
