// roll is written in TypeScript. Compiling it on every start (tsx) cost about two seconds, so the
// first run after a checkout or an edit compiles src/ once with esbuild (which tsx already brings, so
// no install script is needed) into node_modules/.cache/roll/<key>/, where <key> is a digest of every
// source file's path, size and modification time. Later runs only stat the sources (a few ms) and
// import the compiled JavaScript. Type checking stays with `npm run typecheck`; esbuild only strips types.

import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Every .ts/.tsx file under src/, sorted, with what decides whether it changed. */
function sources(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(path);
    }
  };
  walk(join(root, "src"));
  // package.json travels with the compiled tree: its "type" and the version `roll --version` prints.
  found.push(join(root, "package.json"));
  return found.sort();
}

function keyOf(root, files) {
  const hash = createHash("sha256");
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The folder holding the compiled src/ for the sources as they are now, compiling it when missing.
 * Returns undefined when compiling is not possible here (no esbuild, a read-only install): the caller
 * then runs the TypeScript through tsx as before.
 */
export async function compiledSources(root) {
  const files = sources(root);
  const cache = join(root, "node_modules", ".cache", "roll");
  const out = join(cache, keyOf(root, files));
  if (existsSync(join(out, "src", "cli", "main.js"))) return out;
  try {
    const { build } = await import("esbuild");
    mkdirSync(cache, { recursive: true });
    // Concurrent first runs each compile into a folder of their own; the first rename wins and the
    // others use its result, so no run ever imports a half-written tree.
    const partial = `${out}.partial-${process.pid}`;
    await build({
      entryPoints: files.filter((file) => file.endsWith(".ts") || file.endsWith(".tsx")),
      outdir: join(partial, "src"),
      outbase: join(root, "src"),
      format: "esm",
      platform: "node",
      target: "node20",
      jsx: "automatic",
      sourcemap: true,
      logLevel: "silent",
    });
    copyFileSync(join(root, "package.json"), join(partial, "package.json"));
    try {
      renameSync(partial, out);
    } catch {
      rmSync(partial, { recursive: true, force: true });
    }
    // Compilations of older sources are not used by new runs; a run started before the edit (a
    // daemon, a long deploy) may still import from its own lazily, so only day-old ones are removed.
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const entry of readdirSync(cache)) {
      const path = join(cache, entry);
      if (path !== out && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    }
    return existsSync(join(out, "src", "cli", "main.js")) ? out : undefined;
  } catch {
    return undefined;
  }
}
