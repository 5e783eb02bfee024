// packer { required_version = "…"; required_plugins { amazon = { source, version } } }: checked for
// shape and otherwise ignored (roll ships its own builders).

import { Diagnostics, TemplateError } from "../diagnostics.js";
import type { EvalContext } from "../eval/context.js";
import { evaluate } from "../eval/evaluate.js";
import { isObject, toText } from "../eval/values.js";
import type { Block } from "../syntax/ast.js";

export function checkPackerBlock(block: Block, ctx: EvalContext, diagnostics: Diagnostics): void {
  if (block.labels.length > 0) diagnostics.add(new TemplateError("a packer block takes no labels", block.pos));
  for (const item of block.body.items) {
    diagnostics.attempt(() => {
      if (item.kind === "attribute" && item.name === "required_version") {
        toText(evaluate(item.expr, ctx), item.expr.pos, "required_version");
        return;
      }
      if (item.kind === "block" && item.type === "required_plugins") {
        for (const plugin of item.body.items) {
          if (plugin.kind !== "attribute") throw new TemplateError(`required_plugins holds "name = { source, version }" lines, found a "${plugin.type}" block`, plugin.pos, plugin.type);
          const value = evaluate(plugin.expr, ctx);
          if (!isObject(value)) throw new TemplateError(`required_plugins.${plugin.name} must be { source = "…", version = "…" }`, plugin.pos, `required_plugins.${plugin.name}`);
          for (const key of Object.keys(value)) {
            if (key !== "source" && key !== "version") {
              throw new TemplateError(`unknown field "${key}" in required_plugins.${plugin.name}`, plugin.pos, `required_plugins.${plugin.name}.${key}`);
            }
          }
        }
        return;
      }
      const field = item.kind === "attribute" ? item.name : item.type;
      throw new TemplateError(`unknown field "${field}" in packer block`, item.pos, field, "a packer block has required_version and required_plugins");
    }, undefined);
  }
}
