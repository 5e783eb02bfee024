// A JSON parser that keeps where every key and value was written, so that a problem found in a legacy
// JSON template (after it is upgraded to HCL) can still name the line and column of the JSON file.
// JSON.parse gives no positions, and a template is small, so a hand-written recursive descent is enough.

import { TemplateError } from "../diagnostics.js";
import type { SourcePosition } from "../types.js";

export type JsonNode =
  | { kind: "object"; entries: JsonEntry[]; pos: SourcePosition }
  | { kind: "array"; items: JsonNode[]; pos: SourcePosition }
  | { kind: "string"; value: string; pos: SourcePosition }
  | { kind: "number"; value: number; pos: SourcePosition }
  | { kind: "boolean"; value: boolean; pos: SourcePosition }
  | { kind: "null"; pos: SourcePosition };

export interface JsonEntry {
  key: string;
  keyPos: SourcePosition;
  value: JsonNode;
}

/** Deeper documents are refused instead of overflowing the stack; no template needs this many. */
const MAX_DEPTH = 200;

export function parseJsonDocument(text: string, file: string): JsonNode {
  let offset = 0;
  let line = 1;
  let lineStart = 0;

  const here = (): SourcePosition => ({ file, line, column: offset - lineStart + 1 });
  const fail = (message: string, pos = here()): never => {
    throw new TemplateError(message, pos, undefined, "a legacy Packer template is one JSON object with builders, provisioners, post-processors and variables");
  };

  function skipSpace(): void {
    while (offset < text.length) {
      const c = text[offset]!;
      if (c === "\n") {
        offset++;
        line++;
        lineStart = offset;
      } else if (c === " " || c === "\t" || c === "\r") {
        offset++;
      } else {
        return;
      }
    }
  }

  function parseString(): string {
    const start = here();
    offset++; // opening quote
    let out = "";
    for (;;) {
      if (offset >= text.length) fail("unterminated string", start);
      const c = text[offset++]!;
      if (c === '"') return out;
      if (c === "\n") fail("line break inside a string (write \\n)", start);
      if (c !== "\\") {
        out += c;
        continue;
      }
      const escape = text[offset++];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (escape !== undefined && escape in simple) {
        out += simple[escape];
      } else if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(offset, offset + 4))) {
        out += String.fromCharCode(parseInt(text.slice(offset, offset + 4), 16));
        offset += 4;
      } else {
        fail(`invalid escape \\${escape ?? ""} in a string`);
      }
    }
  }

  function parseValue(depth: number): JsonNode {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    skipSpace();
    const pos = here();
    const c = text[offset];
    if (c === undefined) return fail("unexpected end of the file");
    if (c === "{") return parseObject(depth, pos);
    if (c === "[") return parseArray(depth, pos);
    if (c === '"') return { kind: "string", value: parseString(), pos };
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(offset, offset + 64))?.[0];
    if (!word) return fail(`unexpected ${JSON.stringify(c)}`);
    offset += word.length;
    if (word === "true" || word === "false") return { kind: "boolean", value: word === "true", pos };
    if (word === "null") return { kind: "null", pos };
    return { kind: "number", value: Number(word), pos };
  }

  function parseObject(depth: number, pos: SourcePosition): JsonNode {
    offset++;
    const entries: JsonEntry[] = [];
    skipSpace();
    if (text[offset] === "}") {
      offset++;
      return { kind: "object", entries, pos };
    }
    for (;;) {
      skipSpace();
      const keyPos = here();
      if (text[offset] !== '"') fail("expected a quoted key");
      const key = parseString();
      if (entries.some((entry) => entry.key === key)) fail(`duplicate key "${key}"`, keyPos);
      skipSpace();
      if (text[offset] !== ":") fail(`expected ":" after "${key}"`);
      offset++;
      entries.push({ key, keyPos, value: parseValue(depth + 1) });
      skipSpace();
      if (text[offset] === ",") {
        offset++;
        continue;
      }
      if (text[offset] === "}") {
        offset++;
        return { kind: "object", entries, pos };
      }
      fail('expected "," or "}"');
    }
  }

  function parseArray(depth: number, pos: SourcePosition): JsonNode {
    offset++;
    const items: JsonNode[] = [];
    skipSpace();
    if (text[offset] === "]") {
      offset++;
      return { kind: "array", items, pos };
    }
    for (;;) {
      items.push(parseValue(depth + 1));
      skipSpace();
      if (text[offset] === ",") {
        offset++;
        continue;
      }
      if (text[offset] === "]") {
        offset++;
        return { kind: "array", items, pos };
      }
      fail('expected "," or "]"');
    }
  }

  const root = parseValue(0);
  skipSpace();
  if (offset < text.length) fail("unexpected text after the end of the JSON value");
  return root;
}

/** The entry of an object by key. */
export function entryOf(node: JsonNode, key: string): JsonEntry | undefined {
  return node.kind === "object" ? node.entries.find((entry) => entry.key === key) : undefined;
}
