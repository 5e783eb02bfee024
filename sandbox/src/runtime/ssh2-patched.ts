// ssh2's Server with sandbox/patches/ssh2+<version>.patch applied in memory: npm runs no install
// scripts (so nothing may patch node_modules at install), and a patched copy private to the sandbox's
// SSH endpoints leaves every other user of ssh2 (roll's own client) on the package as installed.
//
// How: ssh2 is CommonJS. Its lib/ files are loaded once more, fresh, through a require hook that
// applies the patch's hunks to the files it names; the previous module cache entries are put back
// afterwards. A patch that no longer fits the installed ssh2 stops the sandbox with the file and hunk.

import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type ssh2 from "ssh2";
import { applyFilePatch, parseUnifiedDiff } from "./unified-diff.js";

type ServerClass = typeof ssh2.Server;

const require = createRequire(import.meta.url);
const PATCHES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../patches");

interface CjsModule {
  _compile(source: string, filename: string): void;
}
type Loader = (module: CjsModule, filename: string) => void;

let loaded: ServerClass | undefined;

export function patchedSsh2Server(): ServerClass {
  if (loaded) return loaded;
  const packageDir = path.dirname(require.resolve("ssh2/package.json"));
  const version = (JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const patchFile = path.join(PATCHES, `ssh2+${version}.patch`);
  if (!existsSync(patchFile)) {
    throw new Error(`no patch for the installed ssh2 ${version} in ${PATCHES}: port ssh2+*.patch to it (or drop it if upstream fixed both issues)`);
  }
  const patches = new Map(parseUnifiedDiff(readFileSync(patchFile, "utf8")).map((p) => [path.join(packageDir, p.path), p]));

  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  const cache = require.cache;
  const original = extensions[".js"]!;
  const libDir = path.join(packageDir, "lib") + path.sep;
  const saved = new Map(Object.entries(cache).filter(([file]) => file.startsWith(libDir)));
  for (const file of saved.keys()) delete cache[file];
  extensions[".js"] = (module, filename) => {
    const patch = patches.get(filename);
    if (!patch) return original(module, filename);
    module._compile(applyFilePatch(readFileSync(filename, "utf8"), patch), filename);
  };
  try {
    loaded = require(path.join(packageDir, "lib", "server.js")) as ServerClass;
  } finally {
    extensions[".js"] = original;
    // Our fresh copies stay private; whoever loaded ssh2 before keeps its own modules.
    for (const file of Object.keys(cache)) if (file.startsWith(libDir)) delete cache[file];
    for (const [file, entry] of saved) cache[file] = entry;
  }
  return loaded;
}
