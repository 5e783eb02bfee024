// One template file parsed into the syntax tree: HCL as written, or a legacy JSON template upgraded to
// HCL first (Packer's hcl2_upgrade rules), with every position moved back to the JSON file so that
// messages name the line the user wrote.

import { readFile } from "node:fs/promises";
import { isLegacyJsonTemplate, upgradeLegacyTemplate } from "../legacy-json/upgrade.js";
import { parseHcl, type ParsedFile } from "../syntax/parser.js";
import type { SourcePosition } from "../types.js";

export async function parseTemplateFile(file: string, shown: string): Promise<ParsedFile> {
  const text = await readFile(file, "utf8");
  if (!isLegacyJsonTemplate(file)) return parseHcl(text, shown);
  const upgraded = upgradeLegacyTemplate(text, shown);
  const parsed = await parseHcl(upgraded.hcl, shown);
  movePositions(parsed, shown, (pos) => upgraded.originOf(pos.line));
  return parsed;
}

/** Rewrites, in place, every position of `file` found anywhere in the tree. */
function movePositions(tree: unknown, file: string, origin: (pos: SourcePosition) => SourcePosition): void {
  const seen = new WeakSet<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (isPosition(node)) {
      if (node.file === file) {
        const moved = origin(node);
        node.line = moved.line;
        node.column = moved.column;
      }
      return;
    }
    for (const value of Array.isArray(node) ? node : Object.values(node)) visit(value);
  };
  visit(tree);
}

function isPosition(node: object): node is SourcePosition {
  const candidate = node as Partial<SourcePosition>;
  return typeof candidate.file === "string" && typeof candidate.line === "number" && typeof candidate.column === "number";
}
