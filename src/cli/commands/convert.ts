// roll convert <template.json>: writes the HCL2 template equivalent to a legacy JSON template, by the
// rules of Packer's hcl2_upgrade (roll also reads the JSON file directly; this is for moving on).

import type { Command } from "commander";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeError } from "../../engine/errors.js";
import { EXIT } from "../exit-codes.js";

export function registerConvert(program: Command, setExit: (code: number) => void): void {
  program
    .command("convert")
    .description("write the .pkr.hcl equivalent of a legacy JSON Packer template (as packer hcl2_upgrade)")
    .argument("<template.json>", "a legacy JSON template (builders, provisioners, post-processors)")
    .option("-o, --output <file>", 'where to write it ("-" for standard output)', "<template.json>.pkr.hcl")
    .option("--force", "overwrite the output file if it exists")
    .action(async (input: string, flags: { output: string; force?: boolean }) => {
      const { isLegacyJsonTemplate, upgradeLegacyTemplate } = await import("../../template/legacy-json/upgrade.js");
      if (!isLegacyJsonTemplate(input)) {
        process.stderr.write(`${input}: roll convert reads legacy JSON templates (*.json, not *.pkr.json)\n`);
        return setExit(EXIT.badInput);
      }
      const text = await readFile(input, "utf8").catch(() => undefined);
      if (text === undefined) {
        process.stderr.write(`${input}: file not found\n`);
        return setExit(EXIT.badInput);
      }
      let hcl: string;
      try {
        hcl = `# Upgraded from ${path.basename(input)} by roll convert.\n\n${upgradeLegacyTemplate(text, input).hcl}`;
      } catch (error) {
        const pos = (error as { pos?: { file: string; line: number; column: number } }).pos;
        process.stderr.write(`${pos ? `${pos.file}:${pos.line}:${pos.column}: ` : ""}${describeError(error)}\n`);
        return setExit(EXIT.badInput);
      }
      if (flags.output === "-") {
        process.stdout.write(hcl);
        return setExit(EXIT.ok);
      }
      const output = flags.output === "<template.json>.pkr.hcl" ? `${input}.pkr.hcl` : flags.output;
      if (existsSync(output) && !flags.force) {
        process.stderr.write(`${output} exists; give --force to overwrite it, or --output another file\n`);
        return setExit(EXIT.badInput);
      }
      await writeFile(output, hcl);
      process.stdout.write(`wrote ${output}; check it with: roll validate ${output}\n`);
      setExit(EXIT.ok);
    });
}
