// The template's syntax tree in our own terms: small, typed, position-carrying, free of tree-sitter
// objects (those live in wasm memory and are released right after conversion).

import type { SourcePosition, Value } from "../types.js";

export type Expr =
  | { kind: "literal"; value: Value; pos: SourcePosition }
  | { kind: "template"; parts: TemplatePart[]; pos: SourcePosition }
  | { kind: "tuple"; items: Expr[]; pos: SourcePosition }
  | { kind: "object"; items: ObjectItem[]; pos: SourcePosition }
  | { kind: "variable"; name: string; pos: SourcePosition }
  | { kind: "getattr"; target: Expr; name: string; pos: SourcePosition }
  | { kind: "index"; target: Expr; key: Expr; pos: SourcePosition }
  | { kind: "splat"; target: Expr; steps: TraversalStep[]; pos: SourcePosition }
  | { kind: "call"; name: string; args: Expr[]; expandLast: boolean; pos: SourcePosition }
  | ForTupleExpr
  | ForObjectExpr
  | { kind: "conditional"; cond: Expr; then: Expr; else: Expr; pos: SourcePosition }
  | { kind: "unary"; op: "-" | "!"; operand: Expr; pos: SourcePosition }
  | { kind: "binary"; op: string; left: Expr; right: Expr; pos: SourcePosition };

export interface ForTupleExpr {
  kind: "forTuple";
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  value: Expr;
  cond?: Expr;
  pos: SourcePosition;
}

export interface ForObjectExpr {
  kind: "forObject";
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  key: Expr;
  value: Expr;
  /** `...` after the value: values with the same key are grouped into lists. */
  group: boolean;
  cond?: Expr;
  pos: SourcePosition;
}

export interface ObjectItem {
  /** A bare identifier key (`name = …`) is a literal string, as in HCL. */
  key: Expr;
  value: Expr;
}

export type TraversalStep = { kind: "attr"; name: string; pos: SourcePosition } | { kind: "index"; key: Expr; pos: SourcePosition };

export type TemplatePart =
  | { kind: "literal"; text: string }
  | { kind: "interpolation"; expr: Expr }
  | { kind: "if"; cond: Expr; then: TemplatePart[]; else: TemplatePart[]; pos: SourcePosition }
  | { kind: "for"; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[]; pos: SourcePosition };

export interface Attribute {
  kind: "attribute";
  name: string;
  expr: Expr;
  pos: SourcePosition;
  /** The source text of the expression, for messages. */
  text: string;
}

export interface Block {
  kind: "block";
  type: string;
  labels: string[];
  body: Body;
  pos: SourcePosition;
}

export interface Body {
  /** Attributes and blocks in file order. */
  items: (Attribute | Block)[];
  pos: SourcePosition;
}

export function attributesOf(body: Body): Attribute[] {
  return body.items.filter((item): item is Attribute => item.kind === "attribute");
}

export function blocksOf(body: Body): Block[] {
  return body.items.filter((item): item is Block => item.kind === "block");
}

export function findAttribute(body: Body, name: string): Attribute | undefined {
  return attributesOf(body).find((item) => item.name === name);
}
