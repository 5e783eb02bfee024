// roll validate <file|dir>: Packer's verdicts on a template, with file, line, column and a hint.

import type { Command } from "commander";
import { relative } from "node:path";
import { EXIT } from "../exit-codes.js";
import { withTemplateOptions } from "../options.js";

export function registerValidate(program: Command, setExit: (code: number) => void): void {
  withTemplateOptions(
    program
      .command("validate")
      .description("check a template (.pkr.hcl file or folder) without touching any cloud")
      .argument("<path>", "template file or folder"),
  )
    .option("--json", 'print {"valid","errors":[{"file","line","column","message"}],"builds":[…]}')
    .action(async (path: string, flags: { var: Record<string, string>; varFile: string[]; json?: boolean }) => {
      const { checkTemplate, describeBuilds } = await import("../../template/index.js");
      const { template, diagnostics } = await checkTemplate(path, { vars: flags.var, varFiles: flags.varFile });
      const valid = diagnostics.length === 0;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({
            valid,
            errors: diagnostics.map(({ file, line, column, message, hint }) => ({ file, line, column, message, ...(hint ? { hint } : {}) })),
            builds: template && valid ? describeBuilds(template) : [],
          })}\n`,
        );
      } else if (valid) {
        process.stdout.write(`${path}: valid\n`);
      } else {
        for (const d of diagnostics) {
          process.stderr.write(`${relative(process.cwd(), d.file) || d.file}:${d.line}:${d.column}: ${d.message}\n${d.hint ? `  hint: ${d.hint}\n` : ""}`);
        }
      }
      setExit(valid ? EXIT.ok : EXIT.badInput);
    });
}
