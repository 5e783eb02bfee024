// inline / script / scripts: exactly one, turned into a list of scripts to run in order. Inline
// commands become one script with the shebang line on top (Packer's inline_shebang).

import path from "node:path";
import type { FieldReader } from "../fields.js";
import { existingLocal } from "./local-paths.js";

export type ScriptSource = { label: string; content: Buffer } | { label: string; localPath: string };

export function readScriptSources(fields: FieldReader, templateRoot: string): ScriptSource[] {
  const inline = fields.stringList("inline");
  const script = fields.string("script");
  const scripts = fields.stringList("scripts");
  const given = [inline && "inline", script !== undefined && "script", scripts && "scripts"].filter(Boolean);
  if (given.length > 1) throw fields.error(String(given[1]), `only one of "inline", "script" or "scripts" may be set, found ${given.join(" and ")}`);
  if (given.length === 0) throw fields.error(undefined, `one of "inline", "script" or "scripts" is required`);
  const shebang = fields.string("inline_shebang") || "/bin/sh -e";
  if (inline) {
    return [{ label: "inline script", content: Buffer.from(`#!${shebang}\n${inline.join("\n")}\n`) }];
  }
  const field = script !== undefined ? "script" : "scripts";
  const list = script !== undefined ? [script] : scripts!;
  if (list.length === 0) throw fields.error(field, `"scripts" is empty`);
  return list.map((item) => ({ label: path.basename(item), localPath: existingLocal(fields, field, templateRoot, item) }));
}
