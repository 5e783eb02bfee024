// roll validate <file|dir>: Packer's verdicts on a template, with file, line, column and a hint.

import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { describeError } from "../../engine/errors.js";
import { listApps, loadApp } from "../../stack/load-app.js";
import { EXIT, exitCodeForError } from "../exit-codes.js";
import { withTemplateOptions } from "../options.js";
import { findProjectRoot } from "../project.js";

/** `roll validate <app>`: the app's settings (stacks/<app>.ts), then its template. */
async function appTemplate(name: string): Promise<{ template: string } | { error: unknown } | undefined> {
  if (existsSync(name)) return undefined;
  let root: string;
  try {
    root = findProjectRoot();
  } catch {
    return undefined;
  }
  if (!listApps(root).includes(name)) return undefined;
  try {
    const app = await loadApp(root, name);
    return { template: join(root, app.template) };
  } catch (error) {
    return { error };
  }
}

export function registerValidate(program: Command, setExit: (code: number) => void): void {
  withTemplateOptions(
    program
      .command("validate")
      .description("check a template (.pkr.hcl file or folder), or an app's settings and its template, without touching any cloud")
      .argument("<path>", "template file or folder, or an app name (stacks/<app>.ts)"),
  )
    .option("--json", 'print {"valid","errors":[{"file","line","column","message","field"}],"warnings":[…],"builds":[…]}')
    .action(async (argument: string, flags: { var: Record<string, string>; varFile: string[]; json?: boolean }) => {
      const app = await appTemplate(argument);
      if (app && "error" in app) {
        const { error } = app;
        const location = (error as { location?: { file: string; line?: number } }).location;
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ valid: false, errors: [{ file: location?.file, line: location?.line, message: describeError(error) }], warnings: [], builds: [] })}\n`);
        } else {
          process.stderr.write(`${describeError(error)}\n`);
        }
        return setExit(exitCodeForError(error));
      }
      const path = app ? app.template : argument;
      const { checkTemplate, describeBuilds } = await import("../../template/index.js");
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
