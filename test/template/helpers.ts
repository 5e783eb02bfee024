// Temp-dir templates for the template tests.

import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTemplate, loadTemplate } from "../../src/template/index.js";
import type { ImageTemplate, LoadOptions, Value } from "../../src/template/index.js";

/** Writes files into a fresh temp folder and returns the folder. */
export function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "roll-template-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export const MINIMAL_SOURCE = `
source "amazon-ebs" "app" {
  ami_name      = "app"
  instance_type = "t3.micro"
  region        = "us-east-1"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
}
`;

export const MINIMAL_BUILD = `
build {
  sources = ["source.amazon-ebs.app"]
}
`;

/** Loads a one-file template; the file is named template.pkr.hcl inside a temp folder. */
export async function load(text: string, options: LoadOptions = {}, extra: Record<string, string> = {}): Promise<ImageTemplate> {
  const dir = writeFiles({ "template.pkr.hcl": text, ...extra });
  return loadTemplate(path.join(dir, "template.pkr.hcl"), { env: {}, ...options });
}

export async function check(text: string, options: LoadOptions = {}, extra: Record<string, string> = {}) {
  const dir = writeFiles({ "template.pkr.hcl": text, ...extra });
  const file = path.join(dir, "template.pkr.hcl");
  return { file, dir, ...(await checkTemplate(file, { env: {}, ...options })) };
}

/** Evaluates HCL expressions through a locals block and returns the locals' values. */
export async function evalLocals(locals: string, options: LoadOptions = {}, extra: Record<string, string> = {}): Promise<Record<string, Value>> {
  const template = await load(`${MINIMAL_SOURCE}${MINIMAL_BUILD}\nlocals {\n${locals}\n}\n`, options, extra);
  return Object.fromEntries(Object.entries(template.locals ?? {}).map(([name, local]) => [name, local.value]));
}

/** The RollError loadTemplate throws for a template. */
export async function loadError(text: string, options: LoadOptions = {}, extra: Record<string, string> = {}) {
  try {
    await load(text, options, extra);
  } catch (error) {
    return error as import("../../src/engine/errors.js").RollError;
  }
  throw new Error("expected loadTemplate to fail");
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in text`);
  return index + 1;
}
