// The content hash of a bake: everything that decides what the image contains. Two bakes with the same
// hash produce the same image, so the second one reuses the first's version instead of launching an
// instance. Build-time values such as {{timestamp}} in the image name are deliberately left out: the
// hash is over the template's text and inputs, not its evaluated output.

import { createHash, createHmac } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { ImageTemplate, Value } from "../template/types.js";

const FILE_FIELDS: Record<string, string[]> = {
  file: ["source", "sources"],
  shell: ["script", "scripts"],
  "shell-local": ["script", "scripts"],
};

async function addPath(hash: ReturnType<typeof createHash>, root: string, path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    hash.update(`missing:${relative(root, path)}\n`);
    return;
  }
  if (info.isDirectory()) {
    for (const entry of (await readdir(path)).sort()) await addPath(hash, root, join(path, entry));
    return;
  }
  hash.update(`file:${relative(root, path)}:${info.mode & 0o777}\n`);
  hash.update(await readFile(path));
}

function asList(value: Value | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

function sensitiveDigest(name: string, value: Value, key: Buffer | undefined): string {
  if (!key) return "<sensitive:unkeyed>"; // only `roll plan` before any bake: matches no image
  return `hmac:${createHmac("sha256", key).update(`${name}\0${JSON.stringify(value)}`).digest("hex")}`;
}

/** True when the template has sensitive variables, i.e. when the content hash needs the reuse key. */
export function needsReuseKey(template: ImageTemplate): boolean {
  return Object.values(template.variables).some((variable) => variable.sensitive);
}

/** The digest of the template's own text (its .pkr.hcl files), tagged on images as roll:template-digest. */
export async function templateDigest(template: ImageTemplate): Promise<string> {
  const hash = createHash("sha256");
  for (const file of [...template.files].sort()) {
    hash.update(`template:${relative(template.root, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest("hex");
}

/**
 * `extra` carries what only the cloud knows, above all the resolved base image (`baseImage`): a new
 * image behind the same source_ami_filter is a different bake. `reuseKey` (see reuse-key.ts) lets
 * sensitive values count through an HMAC; without it they count as unknown, so nothing matches.
 */
export async function contentHash(template: ImageTemplate, extra: Record<string, string> = {}, reuseKey?: Buffer): Promise<string> {
  const hash = createHash("sha256");
  for (const file of [...template.files].sort()) {
    hash.update(`template:${relative(template.root, file)}\n`);
    hash.update(await readFile(file));
  }
  for (const name of Object.keys(template.variables).sort()) {
    // A sensitive value must not be guessable from a tag: it counts only as a keyed digest, so a
    // rotated secret is a new bake, and the tag cannot be checked against guesses without the key.
    const variable = template.variables[name];
    hash.update(variable.sensitive ? `var:${name}=${sensitiveDigest(name, variable.value, reuseKey)}\n` : `var:${name}=${JSON.stringify(variable.value)}\n`);
  }
  for (const build of template.builds) {
    for (const provisioner of build.provisioners) {
      if (provisioner.fields.direction === "download") continue;
      for (const field of FILE_FIELDS[provisioner.type] ?? []) {
        for (const path of asList(provisioner.fields[field])) {
          await addPath(hash, template.root, isAbsolute(path) ? path : resolve(template.root, path));
        }
      }
    }
  }
  for (const key of Object.keys(extra).sort()) hash.update(`extra:${key}=${extra[key]}\n`);
  return hash.digest("hex");
}
