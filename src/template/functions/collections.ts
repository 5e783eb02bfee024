// Collection functions.

import { TemplateError } from "../diagnostics.js";
import { describe, isObject, toList, toNumber, toObject, toText, valuesEqual, type ObjectValue } from "../eval/values.js";
import type { Value } from "../types.js";
import type { FunctionTable } from "./types.js";

export const collectionFunctions: FunctionTable = {
  length: {
    min: 1,
    max: 1,
    call: ([value], pos) => {
      if (typeof value === "string") return [...value].length;
      if (Array.isArray(value)) return value.length;
      if (isObject(value!)) return Object.keys(value).length;
      throw new TemplateError(`length() needs a string, list or map, got ${describe(value!)}`, pos);
    },
  },
  keys: { min: 1, max: 1, call: ([map], pos) => Object.keys(toObject(map!, pos, "keys() argument")).sort() },
  values: {
    min: 1,
    max: 1,
    call: ([map], pos) => {
      const object = toObject(map!, pos, "values() argument");
      return Object.keys(object).sort().map((key) => object[key]!);
    },
  },
  lookup: {
    min: 2,
    max: 3,
    call: ([map, key, fallback], pos) => {
      const object = toObject(map!, pos, "lookup() map");
      const name = toText(key!, pos, "lookup() key");
      if (name in object) return object[name]!;
      if (fallback !== undefined) return fallback;
      throw new TemplateError(`lookup(): key "${name}" not found and no default given`, pos);
    },
  },
  merge: {
    min: 0,
    max: Infinity,
    call: (maps, pos) => {
      const out: ObjectValue = {};
      for (const map of maps) if (map !== null) Object.assign(out, toObject(map, pos, "merge() argument"));
      return out;
    },
  },
  concat: { min: 1, max: Infinity, call: (lists, pos) => lists.flatMap((list) => toList(list, pos, "concat() argument")) },
  coalesce: {
    min: 1,
    max: Infinity,
    call: (args, pos) => {
      const found = args.find((arg) => arg !== null && arg !== "");
      if (found === undefined) throw new TemplateError("coalesce(): all arguments are null or empty", pos);
      return found;
    },
  },
  coalescelist: {
    min: 1,
    max: Infinity,
    call: (args, pos) => args.find((arg) => toList(arg, pos).length > 0) ?? [],
  },
  element: {
    min: 2,
    max: 2,
    call: ([list, index], pos) => {
      const items = toList(list!, pos, "element() list");
      if (items.length === 0) throw new TemplateError("element(): the list is empty", pos);
      const at = Math.trunc(toNumber(index!, pos, "element() index"));
      if (at < 0) throw new TemplateError("element(): the index must not be negative", pos);
      return items[at % items.length]!;
    },
  },
  contains: { min: 2, max: 2, call: ([list, value], pos) => toList(list!, pos, "contains() list").some((item) => valuesEqual(item, value!)) },
  index: {
    min: 2,
    max: 2,
    call: ([list, value], pos) => {
      const at = toList(list!, pos).findIndex((item) => valuesEqual(item, value!));
      if (at < 0) throw new TemplateError("index(): value not found in list", pos);
      return at;
    },
  },
  flatten: { min: 1, max: 1, call: ([list], pos) => flatten(toList(list!, pos)) },
  distinct: {
    min: 1,
    max: 1,
    call: ([list], pos) => toList(list!, pos).filter((item, at, all) => all.findIndex((other) => valuesEqual(other, item)) === at),
  },
  compact: { min: 1, max: 1, call: ([list], pos) => toList(list!, pos).filter((item) => item !== null && item !== "") },
  reverse: { min: 1, max: 1, call: ([list], pos) => [...toList(list!, pos)].reverse() },
  sort: { min: 1, max: 1, call: ([list], pos) => toList(list!, pos).map((item) => toText(item, pos)).sort() },
  slice: {
    min: 3,
    max: 3,
    call: ([list, from, to], pos) => toList(list!, pos).slice(toNumber(from!, pos), toNumber(to!, pos)),
  },
  zipmap: {
    min: 2,
    max: 2,
    call: ([keys, values], pos) => {
      const names = toList(keys!, pos);
      const items = toList(values!, pos);
      if (names.length !== items.length) throw new TemplateError("zipmap(): the lists have different lengths", pos);
      return Object.fromEntries(names.map((name, at) => [toText(name, pos), items[at]!]));
    },
  },
  tolist: { min: 1, max: 1, call: ([list], pos) => toList(list!, pos) },
  toset: {
    min: 1,
    max: 1,
    call: ([list], pos) => toList(list!, pos).filter((item, at, all) => all.findIndex((other) => valuesEqual(other, item)) === at),
  },
  tomap: { min: 1, max: 1, call: ([map], pos) => toObject(map!, pos) },
  range: {
    min: 1,
    max: 3,
    call: (args, pos) => {
      const numbers = args.map((arg) => toNumber(arg, pos));
      const [start, end, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
      if (step === 0) throw new TemplateError("range(): step must not be zero", pos);
      const out: number[] = [];
      for (let n = start; step > 0 ? n < end : n > end; n += step) {
        out.push(n);
        if (out.length > 1024) throw new TemplateError("range(): more than 1024 elements", pos);
      }
      return out;
    },
  },
};

function flatten(items: Value[]): Value[] {
  return items.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}
