// String functions (Packer's HCL2 function set, same names and argument orders).

import { TemplateError } from "../diagnostics.js";
import { formatNumber, toList, toNumber, toText } from "../eval/values.js";
import type { Value } from "../types.js";
import type { FunctionTable } from "./types.js";
import { compileRegex, goReplacement } from "./regex.js";

export const stringFunctions: FunctionTable = {
  lower: { min: 1, max: 1, call: ([s], pos) => toText(s!, pos).toLowerCase() },
  upper: { min: 1, max: 1, call: ([s], pos) => toText(s!, pos).toUpperCase() },
  title: { min: 1, max: 1, call: ([s], pos) => toText(s!, pos).replace(/\b\p{L}/gu, (c) => c.toUpperCase()) },
  trimspace: { min: 1, max: 1, call: ([s], pos) => toText(s!, pos).trim() },
  chomp: { min: 1, max: 1, call: ([s], pos) => toText(s!, pos).replace(/(\r?\n)+$/, "") },
  trimprefix: {
    min: 2,
    max: 2,
    call: ([s, prefix], pos) => {
      const text = toText(s!, pos);
      const p = toText(prefix!, pos);
      return text.startsWith(p) ? text.slice(p.length) : text;
    },
  },
  trimsuffix: {
    min: 2,
    max: 2,
    call: ([s, suffix], pos) => {
      const text = toText(s!, pos);
      const p = toText(suffix!, pos);
      return p && text.endsWith(p) ? text.slice(0, -p.length) : text;
    },
  },
  startswith: { min: 2, max: 2, call: ([s, p], pos) => toText(s!, pos).startsWith(toText(p!, pos)) },
  endswith: { min: 2, max: 2, call: ([s, p], pos) => toText(s!, pos).endsWith(toText(p!, pos)) },
  substr: {
    min: 3,
    max: 3,
    call: ([s, offset, length], pos) => {
      const chars = [...toText(s!, pos)];
      let start = toNumber(offset!, pos);
      if (start < 0) start = chars.length + start;
      const count = toNumber(length!, pos);
      return chars.slice(start, count < 0 ? undefined : start + count).join("");
    },
  },
  join: {
    min: 2,
    max: Infinity,
    call: ([separator, ...lists], pos) => {
      const sep = toText(separator!, pos, "separator");
      return lists.flatMap((list) => toList(list, pos, "join() list")).map((item) => toText(item, pos, "list element")).join(sep);
    },
  },
  split: { min: 2, max: 2, call: ([separator, s], pos) => toText(s!, pos).split(toText(separator!, pos)) },
  replace: {
    min: 3,
    max: 3,
    call: ([s, search, replacement], pos) => {
      const text = toText(s!, pos);
      const pattern = toText(search!, pos);
      const with_ = toText(replacement!, pos);
      // Terraform's rule: a search string wrapped in slashes is a regular expression.
      if (pattern.length > 1 && pattern.startsWith("/") && pattern.endsWith("/")) {
        return text.replace(compileRegex(pattern.slice(1, -1), pos, "g"), goReplacement(with_));
      }
      return text.split(pattern).join(with_);
    },
  },
  regex_replace: {
    min: 3,
    max: 3,
    call: ([s, pattern, replacement], pos) =>
      toText(s!, pos).replace(compileRegex(toText(pattern!, pos), pos, "g"), goReplacement(toText(replacement!, pos))),
  },
  regex: {
    min: 2,
    max: 2,
    call: ([pattern, s], pos) => {
      const regex = compileRegex(toText(pattern!, pos), pos, "");
      const match = regex.exec(toText(s!, pos));
      if (!match) throw new TemplateError(`regex: pattern "${toText(pattern!, pos)}" did not match`, pos);
      return matchValue(match);
    },
  },
  regexall: {
    min: 2,
    max: 2,
    call: ([pattern, s], pos) => [...toText(s!, pos).matchAll(compileRegex(toText(pattern!, pos), pos, "g"))].map(matchValue),
  },
  format: { min: 1, max: Infinity, call: ([spec, ...args], pos) => format(toText(spec!, pos, "format"), args, pos) },
  strrev: { min: 1, max: 1, call: ([s], pos) => [...toText(s!, pos)].reverse().join("") },
};

function matchValue(match: RegExpExecArray | RegExpMatchArray): Value {
  if (match.groups) return Object.fromEntries(Object.entries(match.groups).map(([key, value]) => [key, value ?? null]));
  if (match.length > 1) return match.slice(1).map((value) => value ?? null);
  return match[0];
}

/** Go-style format verbs as Packer's format(): %s %d %f %v %q %t %%, with optional width and precision. */
function format(spec: string, args: Value[], pos: import("../types.js").SourcePosition): string {
  let next = 0;
  return spec.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (next >= args.length) throw new TemplateError(`format: not enough arguments for "${spec}"`, pos);
    const arg = args[next++]!;
    let text: string;
    switch (verb) {
      case "s":
      case "v":
        text = typeof arg === "object" && arg !== null ? JSON.stringify(arg) : toText(arg, pos);
        break;
      case "q":
        text = JSON.stringify(toText(arg, pos));
        break;
      case "d":
        text = formatNumber(Math.trunc(toNumber(arg, pos)));
        break;
      case "f":
        text = toNumber(arg, pos).toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case "t":
        text = String(arg);
        break;
      case "x":
        text = Math.trunc(toNumber(arg, pos)).toString(16);
        break;
      default:
        throw new TemplateError(`format: unsupported verb %${verb}`, pos);
    }
    if (width) text = flags.includes("-") ? text.padEnd(Number(width)) : text.padStart(Number(width), flags.includes("0") ? "0" : " ");
    return text;
  });
}
