// How a block type's known fields are described. Anything not described is an error that names it.

import type { Value } from "../types.js";
import { ANY, BOOL, NUMBER, STRING, listOf, mapOf, type TypeSpec } from "../eval/types.js";

export type FieldSpec =
  | { kind: "attribute"; type: TypeSpec }
  | { kind: "block"; schema: BlockSchema; repeated: boolean };

export interface BlockSchema {
  /** How messages name the block, e.g. `source "amazon-ebs"`. */
  title: string;
  fields: Record<string, FieldSpec>;
  /** Fields that must be set. */
  required?: string[];
  /** At least one field of each group must be set. */
  oneOf?: string[][];
  /** At most one field of each group may be set. */
  exclusive?: string[][];
  /** Fields that name local files which must exist (resolved from the template's folder, like the bake step). */
  localFiles?: string[];
  /** Known Packer fields that roll does not support, with the reason shown to the user. */
  unsupported?: Record<string, string>;
  /**
   * A type Packer (or one of its plugins) has but roll cannot run yet: any attribute or block is
   * accepted and evaluated, so expressions are still checked, and baking it is refused.
   */
  open?: boolean;
  /** Rules that depend on values (Packer's Prepare checks), run after required/oneOf/exclusive. */
  rules?: BlockRule[];
}

/** A problem a rule found: the message (without the block title) and the field it names. */
export interface RuleProblem {
  message: string;
  field: string;
}

export type BlockRule = (fields: Record<string, Value>) => RuleProblem[];

/** The schema of a type roll accepts but cannot run; see BlockSchema.open. */
export function openSchema(title: string): BlockSchema {
  return { title, fields: {}, open: true };
}

export const string = { kind: "attribute", type: STRING } as const satisfies FieldSpec;
export const number = { kind: "attribute", type: NUMBER } as const satisfies FieldSpec;
export const bool = { kind: "attribute", type: BOOL } as const satisfies FieldSpec;
export const any = { kind: "attribute", type: ANY } as const satisfies FieldSpec;
export const strings = { kind: "attribute", type: listOf(STRING) } as const satisfies FieldSpec;
export const stringMap = { kind: "attribute", type: mapOf(STRING) } as const satisfies FieldSpec;
export const numbers = { kind: "attribute", type: listOf(NUMBER) } as const satisfies FieldSpec;

export function attribute(type: TypeSpec): FieldSpec {
  return { kind: "attribute", type };
}

export function block(schema: BlockSchema): FieldSpec {
  return { kind: "block", schema, repeated: false };
}

export function blocks(schema: BlockSchema): FieldSpec {
  return { kind: "block", schema, repeated: true };
}

/** Many fields of one type: fieldsOf(string, "a", "b") -> { a: string, b: string }. */
export function fieldsOf(spec: FieldSpec, ...names: string[]): Record<string, FieldSpec> {
  return Object.fromEntries(names.map((name) => [name, spec]));
}
