// cdktf was deprecated by its vendor: swapping it for the community fork must stay the work of
// src/stack alone. These checks keep cdktf imports there, and keep the provider's index out.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g;

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  return [...readFileSync(join(repoRoot, file), "utf8").matchAll(IMPORT)].map((match) => match[1]!);
}

// bench/startup.ts times the naive provider-index import in a child process: it is the alternative
// `roll synth` is measured against, not a dependency of roll.
const MEASURES_THE_NAIVE_IMPORT = new Set(["bench/startup.ts"]);

const isCdktf = (specifier: string) => specifier === "cdktf" || specifier.startsWith("@cdktf/") || specifier === "constructs";

describe("import boundaries", () => {
  it("only src/stack imports cdktf, @cdktf/* or constructs", () => {
    const offenders = [...sources("src"), ...sources("bench"), ...sources("stacks")]
      .filter((file) => !file.startsWith("src/stack/") && !MEASURES_THE_NAIVE_IMPORT.has(file))
      .flatMap((file) => importsOf(file).filter(isCdktf).map((specifier) => `${file}: ${specifier}`));
    expect(offenders).toEqual([]);
  });

  it("stacks/ imports from src/stack only", () => {
    const offenders = sources("stacks").flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith(".") && !specifier.startsWith("../src/stack/") && !specifier.startsWith("./"))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the provider is imported by submodule, never by its index", () => {
    const offenders = sources("src/stack")
      .filter((file) => file !== "src/stack/provider-index.ts")
      .flatMap((file) => importsOf(file).filter((s) => /^@cdktf\/provider-(aws|azurerm)(\/lib)?$/.test(s)).map((s) => `${file}: ${s}`));
    expect(offenders).toEqual([]);
  });
});
