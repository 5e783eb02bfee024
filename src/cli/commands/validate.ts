// roll validate <file|dir>: Packer's verdicts on a template, with file, line, column and a hint.

import type { Command } from "commander";
import { relative } from "node:path";
import { checkTemplate, describeBuilds } from "../../template/index.js";
import { EXIT } from "../exit-codes.js";
import { withTemplateOptions } from "../options.js";

export function registerValidate(program: Command, setExit: (code: number) => void): void {
  withTemplateOptions(
    program
      .command("validate")
      .description("check a template (.pkr.hcl file or folder) without touching any cloud")
      .argument("<path>", "template file or folder"),
  )
    .option("--json", 'print {"valid","errors":[{"file","line","column","message","field"}],"warnings":[…],"builds":[…]}')
    .action(async (path: string, flags: { var: Record<string, string>; varFile: string[]; json?: boolean }) => {
      const { template, diagnostics, warnings } = await checkTemplate(path, { vars: flags.var, varFiles: flags.varFile });
      const valid = diagnostics.length === 0;
      const shown = (list: typeof diagnostics) => list.map(({ file, line, column, message, hint, field }) => ({ file, line, column, message, ...(field ? { field } : {}), ...(hint ? { hint } : {}) }));
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({
            valid,
            errors: shown(diagnostics),
            warnings: shown(warnings),
            builds: template && valid ? describeBuilds(template) : [],
          })}\n`,
        );
      } else {
        const print = (d: (typeof diagnostics)[number], label: string) =>
          process.stderr.write(`${relative(process.cwd(), d.file) || d.file}:${d.line}:${d.column}: ${label}${d.message}\n${d.hint ? `  hint: ${d.hint}\n` : ""}`);
        for (const d of warnings) print(d, "warning: ");
        for (const d of diagnostics) print(d, "");
        if (valid) process.stdout.write(`${path}: valid\n`);
      }
      setExit(valid ? EXIT.ok : EXIT.badInput);
    });
}
